import { ERROR_CATALOGUE } from './errors';

/** The reception app shows `ja` to the desk: every code needs one, in Japanese, as a whole sentence. */
describe('error catalogue in Japanese', () => {
  const entries = Object.entries(ERROR_CATALOGUE) as [string, { status: number; sentence: string; ja: string }][];

  it('gives every code a Japanese sentence, ending as a sentence does', () => {
    expect(entries.length).toBeGreaterThan(90);
    for (const [code, entry] of entries) {
      const ja = entry.ja.trim();
      expect({ code, hasKana: /[\u3040-\u30ff]/.test(ja), endsWithFullStop: ja.endsWith('。'), long: ja.length >= 8 }).toEqual({
        code,
        hasKana: true,
        endsWithFullStop: true,
        long: true,
      });
    }
  });

  it('never repeats the English sentence, and keeps raw markup out of the Japanese one', () => {
    for (const [code, entry] of entries) {
      expect({ code, same: entry.ja === entry.sentence, backtick: entry.ja.includes('`') }).toEqual({ code, same: false, backtick: false });
    }
  });
});
