import { normalizeWidth } from '@hcv/domain';

/**
 * Common 異体字 in Japanese names, folded to the everyday form before two names are compared: a
 * qualification and a voucher often write the same person's name with different variants (the
 * insurer's system has 髙, the national system 高). Each entry is a variant of the same character
 * (旧字体 / 異体字 → 常用 form); characters that are different characters in their own right (斉 and
 * 斎: 齊 folds to 斉 and 齋 to 斎, never one onto the other) are not folded together, so a difference
 * there still goes to staff settlement. NFKC already folds the compatibility ideographs
 * that have a canonical decomposition (e.g. 塚 U+FA10); those without one (﨑 U+FA11) are listed.
 */
export const NAME_VARIANT_FOLDS: Readonly<Record<string, string>> = {
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  碕: '崎',
  德: '徳',
  邊: '辺',
  邉: '辺',
  濵: '浜',
  濱: '浜',
  齋: '斎',
  齊: '斉',
  廣: '広',
  澤: '沢',
  國: '国',
  櫻: '桜',
  冨: '富',
  栁: '柳',
  槗: '橋',
  眞: '真',
  惠: '恵',
  實: '実',
  藏: '蔵',
  淺: '浅',
  瀨: '瀬',
  曻: '昇',
  﨔: '欅',
};

const VARIANTS = new RegExp(`[${Object.keys(NAME_VARIANT_FOLDS).join('')}]`, 'gu');

/** A name with its 異体字 folded to the everyday form (after width folding). */
export function foldNameVariants(name: string): string {
  return name.replace(VARIANTS, (c) => NAME_VARIANT_FOLDS[c] ?? c);
}

/**
 * The one normalisation member fields are compared and sealed in: width-folded (full/half width,
 * ideographic spaces); a name also without spaces and with its 異体字 folded. The sealer
 * (adapters/member-seal.ts) digests exactly this, and the matcher compares exactly this.
 */
export function normaliseMemberField(field: 'symbol' | 'number' | 'branch' | 'name' | 'birthDate', value: string): string {
  switch (field) {
    case 'symbol':
    case 'number':
      return normalizeWidth(value);
    case 'name':
      return foldNameVariants(normalizeWidth(value).replace(/\s/g, ''));
    case 'branch':
    case 'birthDate':
      return value;
  }
}
