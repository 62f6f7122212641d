import iconv from 'iconv-lite';
import { csvRows, hasUndecodableBytes, type CsvRow } from './voucher-csv';

const read = async (file: Uint8Array | string, charset?: string) => {
  const rows: CsvRow[] = [];
  for await (const row of csvRows(file, charset)) rows.push(row);
  return rows;
};

describe('voucher CSV reading (csv-parse)', () => {
  it('reads quotes, doubled quotes, CRLF and a BOM; a row starts on its own line, also after a quoted line break and blank lines', async () => {
    expect(await read('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n\n"three\n\nlines",3\n\n\n3,4\n,\n5,6')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['multi\nline', '2'] },
      { line: 6, cells: ['three\n\nlines', '3'] },
      { line: 11, cells: ['3', '4'] },
      { line: 13, cells: ['5', '6'] },
    ]);
  });

  it('counts a quoted CRLF as one line, and reads LF, CRLF and CR row ends mixed in one file', async () => {
    expect(await read('a,b\r\n"x\r\ny\r\nz",1\n2,3\r4,5\r\n6,7')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\r\ny\r\nz', '1'] },
      { line: 5, cells: ['2', '3'] },
      { line: 6, cells: ['4', '5'] },
      { line: 7, cells: ['6', '7'] },
    ]);
  });

  it('reads a multi-byte character cut between two of the parser’s 64 KiB slices', async () => {
    const header = '氏名,記号\n';
    // The second row's 髙 starts at byte 65,535: its three bytes straddle the first slice's end.
    const filler = 'x'.repeat(65_535 - Buffer.byteLength(header) - 3);
    expect(await read(`${header}${filler},1\n髙橋,２`)).toEqual([
      { line: 1, cells: ['氏名', '記号'] },
      { line: 2, cells: [filler, '1'] },
      { line: 3, cells: ['髙橋', '２'] },
    ]);
  });

  it('takes spaces around a quoted cell as padding, not data (a space before a quote does not split the cell)', async () => {
    expect(await read('a,b\n1, "x, y" \n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, y'] },
    ]);
  });

  it('keeps a row whose cell count differs from the header’s, so it can be refused alone', async () => {
    expect(await read('a,b\n1,2,3\n4\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2', '3'] },
      { line: 3, cells: ['4'] },
    ]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,2\n3,"four\n5,6\n7,8\n', 'line 3', 'a quoted cell is never closed'],
    ['text after a closing quote', 'a,b\n1,2\n3,"b"c\n5,6\n', 'line 3', 'text follows a closing quote'],
    ['a quote inside an unquoted cell', 'a,b\n1,2\n3,b"c"\n5,6\n', 'line 3', 'a quote inside an unquoted cell'],
    [
      'text after a closing quote on the second line of a quoted cell',
      'a,b\n1,"x\ny"z\n5,6\n',
      'the row starting on line 2 (at line 3)',
      'text follows',
    ],
  ])('refuses a file it cannot read to the end — %s — naming the line, without yielding a row past it', async (_, text, where, what) => {
    const rows: CsvRow[] = [];
    const reading = (async () => {
      for await (const row of csvRows(text)) rows.push(row);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'unreadable-file', status: 400, message: expect.stringContaining(where) });
    await expect(reading).rejects.toMatchObject({ message: expect.stringContaining(what) });
    expect(rows.map((r) => r.line).every((line) => line < 3)).toBe(true);
  });

  it('stops an unclosed quote at 64 KiB instead of reading the rest of the file into one cell', async () => {
    const rest = Array.from({ length: 5_000 }, (_, i) => `${i},vouchers after the broken row`).join('\n');
    await expect(read(`a,b\n1,"open\n${rest}`)).rejects.toMatchObject({
      code: 'unreadable-file',
      message: expect.stringContaining('the row starting on line 2'),
    });
  });

  it('decodes a Shift_JIS upload by its declared charset; bytes invalid in it are marked, an unknown charset is refused', async () => {
    const sjis = iconv.encode('氏名,記号\r\n髙橋 﨑子,"番号, ①"\r\n', 'shift_jis');
    expect(await read(sjis, 'shift_jis')).toEqual([
      { line: 1, cells: ['氏名', '記号'] },
      { line: 2, cells: ['髙橋 﨑子', '番号, ①'] },
    ]);
    const broken = Buffer.concat([iconv.encode('a,b\r\n', 'shift_jis'), Buffer.from([0x82, 0xff, 0x2c, 0x31, 0x0d, 0x0a])]);
    const [, row] = await read(broken, 'shift_jis');
    expect(row).toMatchObject({ line: 2 });
    expect(hasUndecodableBytes(row!.cells)).toBe(true);
    await expect(read('a', 'klingon')).rejects.toMatchObject({ code: 'unsupported-charset', status: 400 });
  });
});
