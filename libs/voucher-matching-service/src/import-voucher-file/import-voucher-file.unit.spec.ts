import iconv from 'iconv-lite';
import { createLogger } from '@hcv/observability';
import { MemberDigester } from '../adapters/member-seal';
import type { ImportedVoucher } from '../domain/voucher';
import { InMemoryImportJobRepository } from '../persistence/import-job.memory';
import type { ImportJob } from '../persistence/import-job.repository';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { ImportVoucherFileHandler } from './import-voucher-file.handler';

const COLUMNS = [
  'voucherNumber',
  'voucherKind',
  'insurerNumber',
  'symbol',
  'number',
  'branch',
  'name',
  'birthDate',
  'sex',
  'validFrom',
  'validUntil',
  'issuedOn',
  'fiscalYear',
  'basicCopayment',
  'basicCopaymentValue',
  'detailedCopayment',
  'detailedCopaymentValue',
  'insurerUpperLimit',
  'coordinatorKind',
  'coordinatorId',
  'coordinatorName',
  'paymentAgentNumber',
  'guidanceLevel',
];

const row = (overrides: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    voucherNumber: '26001000001',
    voucherKind: 'checkup',
    insurerNumber: '06139018',
    symbol: '1234',
    number: '0012345',
    branch: '01',
    name: '佐藤 太郎',
    birthDate: '1970-05-01',
    sex: 'male',
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    issuedOn: '2026-04-01',
    fiscalYear: '2026',
    basicCopayment: 'fixed',
    basicCopaymentValue: '1000',
    detailedCopayment: 'none',
    coordinatorKind: 'collective-A',
    coordinatorId: 'zeneiren',
    coordinatorName: '全国労働衛生団体連合会',
    paymentAgentNumber: '12345678',
  };
  return COLUMNS.map((c) => ({ ...base, ...overrides })[c] ?? '').join(',');
};
const file = (...rows: string[]) => [COLUMNS.join(','), ...rows].join('\r\n');

const JA_COLUMNS =
  '受診券整理番号,券種,保険者番号,記号,番号,枝番,氏名,生年月日,性別,有効期限,交付日,年度,基本 負担区分,基本 負担額/負担率,詳細 負担区分,詳細 負担額/負担率,保険者負担上限額,支援レベル,契約区分,契約取りまとめ機関コード,契約取りまとめ機関名';

/** Import jobs that keep every save (progress) and tell when a job was saved finished. */
class ObservedJobs extends InMemoryImportJobRepository {
  readonly saves: ImportJob[] = [];
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
    this.saves.push(structuredClone(job));
    if (job.state !== 'running') this.end(job.importId).resolve(job);
  }
  /** The job as saved when it completed or failed (at once if it already did). */
  finished(importId: string): Promise<ImportJob> {
    return this.end(importId).promise;
  }
}

/** Every row read is counted once. */
const addsUp = (job: ImportJob) => job.processed === job.imported + job.reissued + job.unchanged + job.rejectedCount;

describe('voucher file import', () => {
  const setUp = () => {
    const vouchers = new InMemoryVoucherRepository();
    const stored: ImportedVoucher[][] = [];
    const importMany = vouchers.importMany.bind(vouchers);
    vouchers.importMany = async (batch) => {
      stored.push(batch);
      return importMany(batch);
    };
    const jobs = new ObservedJobs();
    const importer = new ImportVoucherFileHandler(
      vouchers,
      jobs,
      () => new Date('2026-05-01T00:00:00.000Z'),
      createLogger({ service: 't', level: 'error' }),
      new MemberDigester('unit-test-voucher-key'),
    );
    const run = async (text: Uint8Array | string, charset?: string) => {
      const job = await importer.start(text, charset);
      return jobs.finished(job.importId);
    };
    return { vouchers, jobs, importer, run, stored };
  };

  it('reports every bad row by its line, column, code and reason, imports the rest, and counts each row once; a re-import is unchanged', async () => {
    const { run } = setUp();
    const text = file(
      row(),
      row({ voucherNumber: '26001000002', insurerNumber: '06139013' }), // wrong check digit
      row({ voucherNumber: '2600100000X' }),
      row({ voucherNumber: '26001000004', guidanceLevel: 'intensive' }), // a checkup voucher with a guidance level
      row({ voucherNumber: '26001000005', voucherKind: 'guidance', guidanceLevel: 'motivational' }),
      row(), // the same voucher again
      row({ voucherNumber: '26001000007', validFrom: '2027-04-01' }),
      row({ voucherNumber: '26001000008', name: '' }),
      row({ voucherNumber: '26001000009', basicCopaymentValue: 'ten' }),
      `${row({ voucherNumber: '26001000010' })},extra`,
    );
    const done = await run(text);
    expect(done).toMatchObject({
      state: 'completed',
      layout: 'field-names',
      total: 10,
      processed: 10,
      imported: 2,
      unchanged: 0,
      reissued: 0,
      rejectedCount: 8,
    });
    expect(addsUp(done)).toBe(true);
    expect(done.rejected).toEqual([
      { line: 3, field: 'insurerNumber', code: 'invalid-insurer-number', reason: expect.any(String) },
      { line: 4, field: 'voucherNumber', code: 'invalid-field', reason: 'a voucher number has 11 digits' },
      { line: 5, field: 'guidanceLevel', code: 'inconsistent-fields', reason: 'only a guidance voucher (利用券) has a guidance level' },
      { line: 7, field: 'voucherNumber', code: 'duplicate-in-file', reason: 'the same voucher (insurer and number) is already on line 2' },
      { line: 8, field: 'validUntil', code: 'inconsistent-fields', reason: 'validUntil is before validFrom' },
      { line: 9, field: 'name', code: 'missing-field', reason: expect.any(String) },
      { line: 10, field: 'basicCopaymentValue', code: 'invalid-field', reason: expect.any(String) },
      {
        line: 11,
        field: '(row)',
        code: 'unreadable-row',
        reason: `the row has ${COLUMNS.length + 1} cells where the header has ${COLUMNS.length}`,
      },
    ]);
    expect(await run(text)).toMatchObject({ state: 'completed', imported: 0, unchanged: 2, rejectedCount: 8 });
  });

  it('numbers rows by the line they start on when a quoted cell spans lines, and skips blank lines without counting them', async () => {
    const { run } = setUp();
    const done = await run(
      file(
        row({ name: '"佐藤\n太郎"' }),
        '',
        row({ voucherNumber: '26001000002', name: '"鈴木\r\n\r\n花子"' }),
        ',,,',
        row({ voucherNumber: '2600100000X' }),
      ),
    );
    expect(done).toMatchObject({ total: 3, processed: 3, imported: 2, rejectedCount: 1 });
    expect(done.rejected).toEqual([expect.objectContaining({ line: 9, field: 'voucherNumber' })]);
  });

  it('imports the Japanese roster layout from a Shift_JIS upload; a bad code or 和暦 date is refused naming the column', async () => {
    const { run } = setUp();
    const text = [
      JA_COLUMNS,
      '26001000001,1,06139018,1234,0012345,01,髙橋 太郎,S45.05.01,1,20270331,20260401,2026,2,1000,1,,,,1,zeneiren,全国労働衛生団体連合会',
      '26001000002,2,06139018,1234,0012346,01,佐藤 花子,昭和50年1月2日,2,令和9年3月31日,令和8年4月1日,2026,,,,,,1,2,tokyo-ma,東京都医師会',
      '26001000003,1,06139018,1234,0012347,01,鈴木 一郎,19700501,3,20270331,20260401,2026,1,,,,,,1,zeneiren,全国労働衛生団体連合会',
      '26001000004,1,06139018,1234,0012348,01,田中 次郎,昭和64年1月8日,1,20270331,20260401,2026,1,,,,,,1,zeneiren,全国労働衛生団体連合会',
      '26001000005,1,06139018,1234,0012349,01,山本 三郎,19700501,1,20270331,20260401,2026,4,,,,,,1,zeneiren,全国労働衛生団体連合会',
    ].join('\r\n');
    const done = await run(iconv.encode(text, 'shift_jis'), 'shift_jis');
    expect(done).toMatchObject({ state: 'completed', layout: 'japanese-roster', total: 5, imported: 2, rejectedCount: 3 });
    expect(done.rejected).toEqual([
      { line: 4, field: '性別', code: 'invalid-code', reason: expect.stringContaining('1 (男) or 2 (女)') },
      { line: 5, field: '生年月日', code: 'invalid-date', reason: expect.stringContaining('昭和') },
      { line: 6, field: '保険者負担上限額', code: 'inconsistent-fields', reason: expect.stringContaining('保険者負担上限額') },
    ]);
  });

  it('refuses a row holding bytes that are not valid in the declared charset, by its line, and imports the others', async () => {
    const { run } = setUp();
    const bytes = Buffer.concat([
      iconv.encode(`${file(row())}\r\n`, 'shift_jis'),
      Buffer.from(row({ voucherNumber: '26001000002', name: 'X' }).replace(',X,', ',\u0001,'), 'latin1').map((b) => (b === 1 ? 0xff : b)),
    ]);
    const done = await run(bytes, 'shift_jis');
    expect(done).toMatchObject({
      total: 2,
      imported: 1,
      rejectedCount: 1,
      rejected: [{ line: 3, field: '(row)', code: 'unreadable-row' }],
    });
  });

  it.each([
    [
      'an unclosed quote',
      file(row(), row({ voucherNumber: '26001000002', name: '"佐藤 太郎' }), row({ voucherNumber: '26001000003' })),
      'line 3',
    ],
    ['text after a closing quote', file(row(), row({ voucherNumber: '26001000002', name: '"佐藤"太郎' })), 'line 3'],
  ])('refuses a file it cannot read to its end — %s — at once, naming the line, with nothing imported', async (_, text, where) => {
    const { importer, stored, jobs } = setUp();
    await expect(importer.start(text)).rejects.toMatchObject({
      code: 'unreadable-file',
      status: 400,
      message: expect.stringContaining(where),
    });
    expect(stored).toEqual([]);
    expect(jobs.saves).toEqual([]);
  });

  it('refuses an empty file and a file with a header and no rows (typed 400 empty-file)', async () => {
    const { importer } = setUp();
    await expect(importer.start('')).rejects.toMatchObject({ code: 'empty-file', status: 400 });
    await expect(importer.start(`${COLUMNS.join(',')}\r\n\r\n`)).rejects.toMatchObject({ code: 'empty-file', status: 400 });
    await expect(importer.start('voucherNumber,favouriteColour\n26001000001,blue')).rejects.toMatchObject({ code: 'unknown-columns' });
  });

  it('saves its progress chunk by chunk, each save counting every row read once', async () => {
    const { run, jobs } = setUp();
    const rows = Array.from({ length: 4_500 }, (_, i) =>
      row({ voucherNumber: `26${String(i).padStart(9, '0')}`, ...(i % 1000 === 7 ? { sex: 'x' } : {}) }),
    );
    const done = await run(file(...rows));
    expect(done).toMatchObject({ state: 'completed', total: 4_500, processed: 4_500, imported: 4_495, rejectedCount: 5 });
    expect(jobs.saves.map((j) => j.processed)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 4_500, 4_500]);
    expect(jobs.saves.every(addsUp)).toBe(true);
  });

  it('counts the rows the repository reports as re-issued (再発行)', async () => {
    const { run, vouchers } = setUp();
    const importMany = vouchers.importMany.bind(vouchers);
    // The repository's answer for a batch in which one stored voucher was re-issued.
    vouchers.importMany = async (batch) => {
      const counts = await importMany(batch);
      return { ...counts, imported: counts.imported - 1, reissued: 1 } as typeof counts;
    };
    expect(await run(file(row(), row({ voucherNumber: '26001000002' })))).toMatchObject({
      imported: 1,
      reissued: 1,
      unchanged: 0,
      processed: 2,
    });
  });

  it('ends the job as failed — never completed with rows unaccounted for — when the repository counts differently or fails', async () => {
    const { run, vouchers } = setUp();
    vouchers.importMany = async () => ({ imported: 0, reissued: 0, unchanged: 0 });
    expect(await run(file(row()))).toMatchObject({
      state: 'failed',
      error: 'the repository counted 0 of 1 vouchers',
      finishedAt: '2026-05-01T00:00:00.000Z',
    });
    vouchers.importMany = async () => {
      throw new Error('connection closed');
    };
    expect(await run(file(row()))).toMatchObject({ state: 'failed', error: 'connection closed' });
  });
});
