import { CSV_COLUMNS, parseCsv, rowToCandidate, utf8Upload } from './voucher-csv';

const row = (overrides: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    voucherNumber: '26001000001',
    cardType: 'checkup',
    insurerNumber: '06139018',
    symbol: '1234',
    number: '0012345',
    branch: '01',
    name: '佐藤 太郎',
    birthDate: '1970-05-01',
    sex: 'male',
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    fiscalYear: '2026',
    checkupContent: 'basic',
    copaymentKind: 'fixed',
    copaymentAmount: '1000',
    insurerUpperLimit: '20000',
    contractCoordinator: 'collective-B',
    paymentAgentNumber: '12345678',
    guidanceLevel: '',
  };
  return CSV_COLUMNS.map((c) => ({ ...base, ...overrides })[c] ?? '').join(',');
};

describe('voucher CSV', () => {
  it('parses quotes, doubled quotes, embedded newlines, CRLF and a BOM, keeping line numbers', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n\n3,4');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['multi\nline', '2'] },
      { line: 6, cells: ['3', '4'] },
    ]);
  });

  it('reads the same rows from the bytes: multi-byte characters, quotes around them, a BOM as bytes', () => {
    const text = '氏名,記号\r\n"佐藤, 太郎","番""号"\n鈴木 花子,１２３';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const rows = [
      { line: 1, cells: ['氏名', '記号'] },
      { line: 2, cells: ['佐藤, 太郎', '番"号'] },
      { line: 3, cells: ['鈴木 花子', '１２３'] },
    ];
    expect(parseCsv(bytes)).toEqual(rows);
    expect(parseCsv(`\ufeff${text}`)).toEqual(rows);
  });

  it('takes a Shift_JIS upload by its declared charset and refuses an unknown charset or bytes invalid in it', () => {
    // 佐藤,太郎 in Shift_JIS.
    const shiftJis = Buffer.from([0x8d, 0xb2, 0x93, 0xa1, 0x2c, 0x91, 0xbe, 0x98, 0x59]);
    expect(parseCsv(utf8Upload(shiftJis, 'shift_jis'))).toEqual([{ line: 1, cells: ['佐藤', '太郎'] }]);
    const utf8 = Buffer.from('佐藤,太郎');
    expect(utf8Upload(utf8, undefined)).toBe(utf8);
    expect(() => utf8Upload(utf8, 'klingon')).toThrow(expect.objectContaining({ code: 'unsupported-charset' }));
    expect(() => utf8Upload(Buffer.from([0x82, 0xff]), 'shift_jis')).toThrow(expect.objectContaining({ code: 'unsupported-charset' }));
  });

  it('maps a row to the contract’s shape (numbers, co-payment, contract)', () => {
    const [header, data] = parseCsv(`${CSV_COLUMNS.join(',')}\n${row()}`);
    expect(rowToCandidate(header!.cells, data!.cells)).toMatchObject({
      voucherNumber: '26001000001',
      fiscalYear: 2026,
      copayment: { kind: 'fixed', amount: 1000 },
      insurerUpperLimit: 20000,
      contract: { coordinator: 'collective-B', paymentAgentNumber: '12345678' },
    });
  });
});
