import { randomUUID } from 'node:crypto';
import { withInsurerCheckDigit } from '@hcv/domain';
import { asStaff, imageNodeOptions, startServiceProcess, temporaryFolder, waitFor, type ServiceProcess } from '@hcv/testing';

/**
 * A 100,000-row voucher file from an insurer, over HTTP into the real database: progress is
 * visible while it runs, bad rows are reported by line, and importing the same file again
 * changes nothing. voucher-matching runs as its own process with the image's heap flags
 * (NODE_OPTIONS of deploy/docker/Dockerfile): parsed as one string into all its rows at once, this
 * file ended the service with a heap out of memory.
 */
jest.setTimeout(300_000);

const COLUMNS =
  'voucherNumber,cardType,insurerNumber,symbol,number,branch,name,birthDate,sex,validFrom,validUntil,fiscalYear,checkupContent,copaymentKind,copaymentAmount,insurerUpperLimit,contractCoordinator,paymentAgentNumber,guidanceLevel';

function voucherFile(rows: number, insurerNumber: string): string {
  const lines = [COLUMNS];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(6, '0');
    const guidance = i % 5 === 0;
    // Every 10,000th row is broken on purpose (birth date).
    const birthDate = i % 10_000 === 9_999 ? '1970-13-01' : `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`;
    lines.push(
      [
        `26${n}999`,
        guidance ? 'guidance' : 'checkup',
        insurerNumber,
        String(1000 + (i % 9000)),
        n,
        '00',
        `"受診者 ${n}"`,
        birthDate,
        i % 2 ? 'female' : 'male',
        '2026-04-01',
        '2027-03-31',
        '2026',
        guidance ? '' : 'basic',
        'fixed',
        '1000',
        '20000',
        'collective-A',
        '12345678',
        guidance ? 'motivational' : '',
      ].join(','),
    );
  }
  return lines.join('\r\n');
}

describe('voucher import of 100,000 rows', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess({
      service: 'voucher-matching',
      workDir: temporaryFolder('import'),
      databasePrefix: `int_import_${randomUUID().slice(0, 8)}`,
      env: { NODE_OPTIONS: imageNodeOptions(), LOG_LEVEL: 'warn' },
    });
  });
  afterAll(async () => service?.stop());

  async function importFile(text: string) {
    const response = await fetch(`${service.url}/vouchers/import/csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...asStaff('operator') },
      body: text,
    });
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };
    const progress: number[] = [];
    let job:
      | {
          state: string;
          processed: number;
          total: number;
          imported: number;
          unchanged: number;
          rejectedCount: number;
          rejected: { line: number; field: string }[];
        }
      | undefined;
    await waitFor(
      async () => {
        job = (await (await fetch(`${service.url}/vouchers/imports/${importId}`, { headers: asStaff('operator') })).json()) as typeof job;
        progress.push(job!.processed);
        return job!.state !== 'running';
      },
      240_000,
      'the import to finish',
    );
    return { job: job!, progress };
  }

  it('shows progress, reports bad rows by line, and is idempotent', async () => {
    const file = voucherFile(100_000, withInsurerCheckDigit('0613901'));
    const started = performance.now();
    const first = await importFile(file);
    const seconds = (performance.now() - started) / 1000;
    console.log(`imported 100,000 rows in ${seconds.toFixed(1)} s`);
    expect(first.job).toMatchObject({
      state: 'completed',
      total: 100_000,
      processed: 100_000,
      imported: 99_990,
      unchanged: 0,
      rejectedCount: 10,
    });
    expect(first.job.rejected[0]).toMatchObject({ line: 10_001, field: 'birthDate' }); // header is line 1
    expect(first.progress.some((p) => p > 0 && p < 100_000)).toBe(true);

    const second = await importFile(file);
    expect(second.job).toMatchObject({ state: 'completed', imported: 0, unchanged: 99_990, rejectedCount: 10 });
  });
});
