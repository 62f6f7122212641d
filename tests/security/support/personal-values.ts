/**
 * The written forms a personal value can take in a log line, a span or a stored document: as given,
 * width-folded (NFKC: full-width digits and letters to half-width), full-width, half-width katakana,
 * and for names with the space removed or half-width; for birth dates also compact and with slashes.
 */
const FULL_WIDTH_OFFSET = 0xfee0;

export function toFullWidth(value: string): string {
  return value.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + FULL_WIDTH_OFFSET)).replace(/ /g, '\u3000');
}

const KATAKANA_FULL =
  'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロワヲンヴー';
const KATAKANA_HALF = [
  'ｧ',
  'ｱ',
  'ｨ',
  'ｲ',
  'ｩ',
  'ｳ',
  'ｪ',
  'ｴ',
  'ｫ',
  'ｵ',
  'ｶ',
  'ｶﾞ',
  'ｷ',
  'ｷﾞ',
  'ｸ',
  'ｸﾞ',
  'ｹ',
  'ｹﾞ',
  'ｺ',
  'ｺﾞ',
  'ｻ',
  'ｻﾞ',
  'ｼ',
  'ｼﾞ',
  'ｽ',
  'ｽﾞ',
  'ｾ',
  'ｾﾞ',
  'ｿ',
  'ｿﾞ',
  'ﾀ',
  'ﾀﾞ',
  'ﾁ',
  'ﾁﾞ',
  'ｯ',
  'ﾂ',
  'ﾂﾞ',
  'ﾃ',
  'ﾃﾞ',
  'ﾄ',
  'ﾄﾞ',
  'ﾅ',
  'ﾆ',
  'ﾇ',
  'ﾈ',
  'ﾉ',
  'ﾊ',
  'ﾊﾞ',
  'ﾊﾟ',
  'ﾋ',
  'ﾋﾞ',
  'ﾋﾟ',
  'ﾌ',
  'ﾌﾞ',
  'ﾌﾟ',
  'ﾍ',
  'ﾍﾞ',
  'ﾍﾟ',
  'ﾎ',
  'ﾎﾞ',
  'ﾎﾟ',
  'ﾏ',
  'ﾐ',
  'ﾑ',
  'ﾒ',
  'ﾓ',
  'ｬ',
  'ﾔ',
  'ｭ',
  'ﾕ',
  'ｮ',
  'ﾖ',
  'ﾗ',
  'ﾘ',
  'ﾙ',
  'ﾚ',
  'ﾛ',
  'ﾜ',
  'ｦ',
  'ﾝ',
  'ｳﾞ',
  'ｰ',
];

export function toHalfWidthKana(value: string): string {
  return [...value].map((c) => (KATAKANA_FULL.includes(c) ? KATAKANA_HALF[KATAKANA_FULL.indexOf(c)]! : c === '\u3000' ? ' ' : c)).join('');
}

/** Every form of one value, deduplicated. */
export function writtenForms(value: string, kind: 'code' | 'name' | 'date'): string[] {
  const base = [value, value.normalize('NFKC'), toFullWidth(value.normalize('NFKC'))];
  if (kind === 'name') {
    for (const v of [...base]) base.push(v.replace(/[\s\u3000]+/g, ''), v.replace(/\u3000/g, ' '), toHalfWidthKana(v));
  }
  if (kind === 'date') {
    const compact = value.replace(/-/g, '');
    const slashed = value.replace(/-/g, '/');
    base.push(compact, slashed, toFullWidth(compact), toFullWidth(slashed));
  }
  return [...new Set(base)];
}

/** Where `form` occurs as a whole token (not inside a longer run of digits or letters). */
export function occursIn(text: string, form: string): boolean {
  let at = text.indexOf(form);
  while (at !== -1) {
    const before = text[at - 1] ?? '';
    const after = text[at + form.length] ?? '';
    if (!/[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/.test(before) && !/[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/.test(after)) return true;
    at = text.indexOf(form, at + 1);
  }
  return false;
}

/**
 * Short codes (a 4-digit symbol, a 2-digit branch) match too much as bare tokens (ports, durations,
 * dates); they are searched where a leaked value would be: as a JSON string, or after a label.
 */
export function shortCodeForms(value: string): string[] {
  const forms = writtenForms(value, 'code');
  return forms.flatMap((f) => [`"${f}"`, `記号${f}`, `番号${f}`, `枝番${f}`, `symbol ${f}`, `branch ${f}`, `symbol=${f}`, `branch=${f}`]);
}
