import { createLogger } from '@hcv/observability';
import { waitFor } from '@hcv/testing';
import { MemberDigester } from '../vouchers/member-seal';
import { InMemoryVoucherRepository } from '../vouchers/voucher.repository';
import { InMemoryImportJobRepository } from './import-job.repository';
import { ImportVouchersHandler } from './import-vouchers.handler';
import { CSV_COLUMNS, parseCsv, rowToCandidate, utf8Upload } from './voucher-csv';

const row = (overrides: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    voucherNumber: '26001000001', cardType: 'checkup', insurerNumber: '06139018', symbol: '1234', number: '0012345', branch: '01',
    name: '佐藤 太郎', birthDate: '1970-05-01', sex: 'male', validFrom: '2026-04-01', validUntil: '2027-03-31', fiscalYear: '2026',
    checkupContent: 'basic', copaymentKind: 'fixed', copaymentAmount: '1000', insurerUpperLimit: '20000', contractCoordinator: 'collective-B',
    paymentAgentNumber: '12345678', guidanceLevel: '',
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
      voucherNumber: '26001000001', fiscalYear: 2026, copayment: { kind: 'fixed', amount: 1000 }, insurerUpperLimit: 20000,
      contract: { coordinator: 'collective-B', paymentAgentNumber: '12345678' },
    });
  });
});

describe('voucher import', () => {
  const handler = () => {
    const vouchers = new InMemoryVoucherRepository();
    const jobs = new InMemoryImportJobRepository();
    return { vouchers, jobs, importer: new ImportVouchersHandler(vouchers, jobs, () => new Date('2026-05-01T00:00:00Z'), createLogger({ service: 't', level: 'error' }), new MemberDigester('unit-test-voucher-key')) };
  };

  it('reports every bad row by line, field and reason and imports the rest; a re-import changes nothing', async () => {
    const { importer, jobs } = handler();
    const lines = [
      CSV_COLUMNS.join(','),
      row(),
      row({ voucherNumber: '26001000002', insurerNumber: '06139013' }), // wrong check digit
      row({ voucherNumber: '2600100000X' }),
      row({ voucherNumber: '26001000004', guidanceLevel: 'intensive' }), // a checkup voucher with a guidance level
      row({ voucherNumber: '26001000005', cardType: 'guidance', guidanceLevel: 'motivational' }),
      row(), // same voucher again
      row({ voucherNumber: '26001000007', validFrom: '2027-04-01' }),
    ].join('\n');
    const job = await importer.startCsv(lines);
    await waitFor(async () => (await jobs.get(job.importId))?.state !== 'running', 5_000, 'the import job to finish');
    const done = await jobs.get(job.importId);
    expect(done).toMatchObject({ state: 'completed', total: 7, processed: 7, imported: 2, unchanged: 0, rejectedCount: 5 });
    expect(done!.rejected).toEqual([
      { line: 3, field: 'insurerNumber', reason: 'the check digit of the insurer number (保険者番号) is wrong' },
      { line: 4, field: 'voucherNumber', reason: 'a voucher number has 11 digits' },
      { line: 5, field: 'guidanceLevel', reason: 'only a guidance voucher has a guidance level' },
      { line: 7, field: 'voucherNumber', reason: 'the same voucher number is already on line 2' },
      { line: 8, field: 'validUntil', reason: 'validUntil is before validFrom' },
    ]);
    const again = await importer.importBatch([{ voucherNumber: '26001000001', cardType: 'checkup', insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01', sex: 'male', validFrom: '2026-04-01', validUntil: '2027-03-31', fiscalYear: 2026 }]);
    expect(again).toMatchObject({ received: 1, imported: 0, unchanged: 1, rejectedCount: 0 });
  });

  it('refuses a file with unknown columns before importing anything', async () => {
    const { importer } = handler();
    await expect(importer.startCsv('voucherNumber,favouriteColour\n26001000001,blue')).rejects.toMatchObject({ code: 'unknown-columns' });
  });
});
