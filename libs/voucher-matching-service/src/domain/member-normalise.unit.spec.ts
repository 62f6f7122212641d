import { foldNameVariants, NAME_VARIANT_FOLDS, normaliseMemberField } from './member-normalise';

describe('member normalisation (width and 異体字)', () => {
  it('folds the common 異体字 of names to the everyday form', () => {
    expect(foldNameVariants('髙橋')).toBe('高橋');
    expect(foldNameVariants('山﨑')).toBe('山崎');
    expect(foldNameVariants('德永')).toBe('徳永');
    expect(foldNameVariants('渡邊')).toBe('渡辺');
    expect(foldNameVariants('渡邉')).toBe('渡辺');
    expect(foldNameVariants('濵田')).toBe('浜田');
    expect(foldNameVariants('齋藤')).toBe('斎藤');
  });

  it('never folds two different characters onto each other (斉藤 and 斎藤 stay different: staff settle those)', () => {
    expect(foldNameVariants('齊藤')).toBe('斉藤');
    expect(foldNameVariants('齊藤')).not.toBe(foldNameVariants('齋藤'));
  });

  it('is a table of single characters to their everyday form, and folding is idempotent', () => {
    for (const [variant, everyday] of Object.entries(NAME_VARIANT_FOLDS)) {
      expect([...variant]).toHaveLength(1);
      expect([...everyday]).toHaveLength(1);
      expect(variant).not.toBe(everyday);
      expect(NAME_VARIANT_FOLDS[everyday]).toBeUndefined();
    }
    const all = Object.keys(NAME_VARIANT_FOLDS).join('');
    expect(foldNameVariants(foldNameVariants(all))).toBe(foldNameVariants(all));
  });

  it('compares names without spaces and width-folded, symbols and numbers width-folded', () => {
    expect(normaliseMemberField('name', '髙橋　太郎')).toBe(normaliseMemberField('name', '高橋 太郎'));
    expect(normaliseMemberField('symbol', 'ＡＢ１２')).toBe('AB12');
    expect(normaliseMemberField('number', '００１２')).toBe('0012');
    expect(normaliseMemberField('birthDate', '1970-05-01')).toBe('1970-05-01');
  });
});
