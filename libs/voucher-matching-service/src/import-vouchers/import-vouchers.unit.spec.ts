import { createLogger } from '@hcv/observability';
import { aVoucher } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { CSV_COLUMNS } from '../domain/voucher-csv';
import { InMemoryImportJobRepository } from '../persistence/import-job.memory';
import type { ImportJob } from '../persistence/import-job.repository';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { ImportVouchersHandler } from './import-vouchers.handler';

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

/** Import jobs that tell when a job was saved finished (the CSV import runs after startCsv answered). */
class ObservedJobs extends InMemoryImportJobRepository {
  private readonly ended = new Map<string, { promise: Promise<ImportJob>; resolve: (job: ImportJob) => void }>();
  private end(importId: string) {
    let entry = this.ended.get(importId);
    if (!entry) {
      let resolve!: (job: ImportJob) => void;
      entry = { promise: new Promise<ImportJob>((r) => (resolve = r)), resolve };
      this.ended.set(importId, entry);
    }
    return entry;
  }
  override async save(job: ImportJob) {
    await super.save(job);
    if (job.state !== 'running') this.end(job.importId).resolve(job);
  }
  /** The job as saved when it completed or failed (at once if it already did). */
  finished(importId: string): Promise<ImportJob> {
    return this.end(importId).promise;
  }
}

const good = aVoucher({ voucherNumber: '26001000001', insurerNumber: '06139018' });
const key = { insurerNumber: '06139018', voucherNumber: '26001000001' };

describe('voucher import', () => {
  const handler = () => {
    const clock = () => new Date('2026-05-01T00:00:00.000Z');
    const vouchers = new InMemoryVoucherRepository();
    const jobs = new ObservedJobs();
    const importer = new ImportVouchersHandler(
      vouchers,
      jobs,
      clock,
      createLogger({ service: 't', level: 'error' }),
      new MemberDigester('unit-test-voucher-key'),
    );
    return { vouchers, jobs, importer };
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
    await jobs.finished(job.importId);
    const done = await jobs.get(job.importId);
    expect(done).toMatchObject({ state: 'completed', total: 7, processed: 7, imported: 2, unchanged: 0, rejectedCount: 5 });
    expect(done!.rejected).toEqual([
      { line: 3, field: 'insurerNumber', reason: 'the check digit of the insurer number (保険者番号) is wrong' },
      { line: 4, field: 'voucherNumber', reason: 'a voucher number has 11 digits' },
      { line: 5, field: 'guidanceLevel', reason: 'only a guidance voucher has a guidance level' },
      { line: 7, field: 'voucherNumber', reason: 'the same voucher number is already on line 2' },
      { line: 8, field: 'validUntil', reason: 'validUntil is before validFrom' },
    ]);
    const again = await importer.importBatch([good]);
    expect(again).toMatchObject({ received: 1, imported: 0, unchanged: 1, rejectedCount: 0 });
  });

  it('refuses a file with unknown columns before importing anything', async () => {
    const { importer } = handler();
    await expect(importer.startCsv('voucherNumber,favouriteColour\n26001000001,blue')).rejects.toMatchObject({ code: 'unknown-columns' });
  });

  it('stamps the job and the vouchers with the injected clock: started, imported and finished', async () => {
    const { importer, jobs, vouchers } = handler();
    const job = await importer.startCsv([CSV_COLUMNS.join(','), row()].join('\n'));
    expect(job).toMatchObject({ total: 1, startedAt: '2026-05-01T00:00:00.000Z' });
    expect(await jobs.finished(job.importId)).toMatchObject({ state: 'completed', imported: 1, finishedAt: '2026-05-01T00:00:00.000Z' });
    expect((await vouchers.get(key))?.record?.importedAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('a JSON batch is reported at once, by 1-based index; member fields are stored only sealed and masked', async () => {
    const { importer, vouchers } = handler();
    const report = await importer.importBatch([good, { ...good, voucherNumber: '26001000002', favouriteColour: 'blue' }]);
    expect(report).toEqual({
      received: 2,
      imported: 1,
      reissued: 0,
      unchanged: 0,
      rejectedCount: 1,
      rejected: [{ line: 2, field: 'favouriteColour', reason: 'unknown field' }],
    });
    const stored = await vouchers.get(key);
    expect(stored?.record).toMatchObject({ importedAt: '2026-05-01T00:00:00.000Z', masked: { symbol: '**34', number: '*****45' } });
    expect(JSON.stringify(stored)).not.toContain('佐藤');
  });

  it('a JSON batch: two insurers’ same number are two vouchers; the same (insurer, number) twice is refused', async () => {
    const { importer, vouchers } = handler();
    const theirs = { ...good, insurerNumber: '33120015' };
    const report = await importer.importBatch([good, theirs, { ...good, validUntil: '2027-01-31' }]);
    expect(report).toMatchObject({
      imported: 2,
      rejectedCount: 1,
      rejected: [{ line: 3, field: 'voucherNumber', reason: 'the same voucher (insurer and number) is already on line 1' }],
    });
    expect((await vouchers.findByNumber('26001000001')).map((v) => v.insurerNumber).sort()).toEqual(['06139018', '33120015']);
  });

  it('a JSON batch re-issuing a voucher (new validity, 窓口負担, coordinator) reports it reissued; identical is unchanged', async () => {
    const { importer, vouchers } = handler();
    await importer.importBatch([good]);
    const reissue = {
      ...good,
      validUntil: '2027-06-30',
      copayments: { basic: { kind: 'rate', percent: 10 } },
      coordinator: { kind: 'collective-B', organisation: { id: 'med-assoc-13', name: '東京都医師会' } },
    };
    expect(await importer.importBatch([reissue])).toMatchObject({ imported: 0, reissued: 1, unchanged: 0 });
    expect(await importer.importBatch([reissue])).toMatchObject({ imported: 0, reissued: 0, unchanged: 1 });
    const stored = (await vouchers.get(key))!;
    expect(stored.record).toMatchObject({ validUntil: '2027-06-30', coordinator: { kind: 'collective-B' } });
    expect(stored.reissues).toEqual([expect.objectContaining({ validUntil: '2027-03-31', replacedAt: '2026-05-01T00:00:00.000Z' })]);
    expect(stored.history).toEqual([
      { action: 'reissued', fields: ['coordinator', 'copayments', 'validUntil'], at: '2026-05-01T00:00:00.000Z' },
    ]);
  });

  it('a storage failure during a CSV import ends the job as failed, with the error and the time', async () => {
    const { importer, jobs, vouchers } = handler();
    vouchers.importMany = async () => {
      throw new Error('connection closed');
    };
    const job = await importer.startCsv([CSV_COLUMNS.join(','), row()].join('\n'));
    expect(await jobs.finished(job.importId)).toMatchObject({
      state: 'failed',
      error: 'connection closed',
      finishedAt: '2026-05-01T00:00:00.000Z',
    });
  });

  it('refuses a file with no header row', async () => {
    const { importer } = handler();
    await expect(importer.startCsv('')).rejects.toMatchObject({ code: 'empty-file' });
  });
});
