import fc from 'fast-check';
import { asksForIdentityVerification, foldPurpose, parsePurpose } from './purpose';

const refused = (raw: string) => {
  try {
    parsePurpose(raw);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('a purpose that asks for identity verification', () => {
  it.each([
    '本人確認',
    '本人 確認',
    '本人　確認',
    '　本人確認のため',
    'identity',
    'Identity Verification',
    'ＩＤＥＮＴＩＴＹ',
    'ｉｄｅｎｔｉｔｙ－ｖｅｒｉｆｉｃａｔｉｏｎ',
    'identity verification for specific-checkup',
    'specific-checkup (identity)',
    'honnin-kakunin',
    'HONNIN_KAKUNIN',
    'honnin kakunin',
    'ﾎﾝﾆﾝｶｸﾆﾝ',
    'ほんにん かくにん',
    'id-verification',
    'ID check',
    'identification',
    '身元確認',
  ])('refuses %p with identity-verification-not-permitted', (raw) => {
    expect(refused(raw)).toBe('identity-verification-not-permitted');
  });

  it('folds width, case, spaces and punctuation before comparing', () => {
    expect(foldPurpose(' Ｈｏｎｎｉｎ－Ｋａｋｕｎｉｎ ')).toBe('honninkakunin');
    expect(foldPurpose('本人　確認。')).toBe('本人確認');
  });

  it('keeps the three purposes and refuses anything else as an unknown purpose', () => {
    expect(parsePurpose('specific-checkup')).toBe('specific-checkup');
    expect(parsePurpose('specific-guidance')).toBe('specific-guidance');
    expect(parsePurpose('comprehensive-checkup')).toBe('comprehensive-checkup');
    expect(refused('dental')).toBe('unknown-purpose');
    expect(refused('Specific-Checkup')).toBe('unknown-purpose');
  });

  it('property: the marker anywhere, in any case, width or spacing, with any words around it, is refused', () => {
    const markers = ['本人確認', 'identity', 'honnin-kakunin', 'ＩＤＥＮＴＩＴＹ', '本人 確認'];
    const separators = fc.constantFrom('', ' ', '　', '-', '_', '・', '.', '/');
    const spaced = (text: string, sep: string) => [...text].join(sep);
    const widen = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.constantFrom(...markers),
        separators,
        fc.boolean(),
        fc.boolean(),
        fc.string({ maxLength: 10 }),
        fc.string({ maxLength: 10 }),
        (marker, sep, upper, wide, before, after) => {
          let text = spaced(marker, sep);
          if (upper) text = text.toUpperCase();
          if (wide) text = widen(text);
          const raw = `${before} ${text} ${after}`;
          expect(asksForIdentityVerification(raw)).toBe(true);
          expect(refused(raw)).toBe('identity-verification-not-permitted');
        },
      ),
    );
  });

  it('property: the three purposes, however they are decorated with unrelated words, are never read as identity verification', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('specific-checkup', 'specific-guidance', 'comprehensive-checkup', '特定健診', '人間ドック'),
        (purpose) => {
          expect(asksForIdentityVerification(purpose)).toBe(false);
        },
      ),
    );
  });
});
