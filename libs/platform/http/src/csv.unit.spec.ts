import { csvText, UTF8_BOM } from './csv';

describe('CSV exports', () => {
  const columns = [
    { key: 'number', label: '機関番号' },
    { key: 'name', label: '機関名称' },
    { key: 'note', label: 'note' },
  ] as const;

  it('quotes commas, quotes and line breaks, and ends every line with CRLF', () => {
    const csv = csvText(columns, [{ number: '1311234569', name: '健診センター "本館", 東京', note: 'a\nb' }]);
    expect(csv).toBe('機関番号,機関名称,note\r\n1311234569,"健診センター ""本館"", 東京","a\nb"\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula, leaves a lone dash and numbers alone', () => {
    const csv = csvText(columns, [{ number: '=HYPERLINK("x")', name: '-', note: null }]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",-,`);
    expect(csvText([{ key: 'n', label: 'n' }], [{ n: -5 }])).toBe('n\r\n-5\r\n');
  });

  it('starts with a UTF-8 byte-order mark only when asked', () => {
    expect(csvText(columns, [], { bom: true }).startsWith(UTF8_BOM + '機関番号')).toBe(true);
    expect(Buffer.from(csvText(columns, [], { bom: true }), 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvText(columns, []).startsWith('機関番号')).toBe(true);
  });
});
