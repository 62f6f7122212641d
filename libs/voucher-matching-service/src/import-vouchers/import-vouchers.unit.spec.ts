import { createLogger } from '@hcv/observability';
import { MemberDigester } from '../vouchers/member-seal';
import { InMemoryVoucherRepository } from '../vouchers/voucher.repository';
import { InMemoryImportJobRepository } from './import-job.repository';
import { ImportVouchersHandler } from './import-vouchers.handler';
import { CSV_COLUMNS, parseCsv, rowToCandidate } from './voucher-csv';

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
    let done = await jobs.get(job.importId);
    for (let i = 0; i < 100 && done?.state === 'running'; i++) done = await new Promise((r) => setTimeout(r, 5)).then(() => jobs.get(job.importId));
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
