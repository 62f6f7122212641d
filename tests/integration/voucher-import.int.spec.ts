import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { withInsurerCheckDigit } from '@hcv/domain';
import { asStaff, imageNodeOptions, startServiceProcess, temporaryFolder, waitFor, type ServiceProcess } from '@hcv/testing';

/**
 * Voucher files over HTTP into the real database, voucher-matching running as its own process with
 * the image's heap flags (NODE_OPTIONS of deploy/docker/Dockerfile): progress is visible while a
 * large file runs, every row is counted once (imported + reissued + unchanged + refused), bad rows
 * are reported by line, column and code, importing the same file again changes nothing; the
 * Japanese roster layout arrives as Shift_JIS; a file that cannot be read to its end is refused
 * with the line and nothing is imported.
 */
jest.setTimeout(600_000);

const COLUMNS =
  'voucherNumber,voucherKind,insurerNumber,symbol,number,branch,name,birthDate,sex,validFrom,validUntil,issuedOn,fiscalYear,basicCopayment,basicCopaymentValue,detailedCopayment,insurerUpperLimit,coordinatorKind,coordinatorId,coordinatorName,paymentAgentNumber,guidanceLevel';
const INSURER = withInsurerCheckDigit('0613901');

function voucherFile(rows: number): string {
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
        INSURER,
        String(1000 + (i % 9000)),
        n,
        '00',
        `"受診者 ${n}"`,
        birthDate,
        i % 2 ? 'female' : 'male',
        '2026-04-01',
        '2027-03-31',
        '2026-04-01',
        '2026',
        guidance ? '' : 'fixed',
        guidance ? '' : '1000',
        guidance ? '' : 'none',
        '',
        'collective-A',
        'zeneiren',
        '全国労働衛生団体連合会',
        '12345678',
        guidance ? 'motivational' : '',
      ].join(','),
    );
  }
  return lines.join('\r\n');
}

interface Job {
  state: string;
  layout: string;
  processed: number;
  total: number;
  imported: number;
  reissued: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { line: number; field: string; code: string; reason: string }[];
}

describe('voucher file import over HTTP', () => {
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

  const upload = (body: string | Buffer, contentType = 'text/csv') =>
    fetch(`${service.url}/vouchers/import/csv`, { method: 'POST', headers: { 'content-type': contentType, ...asStaff('operator') }, body });

  async function importFile(body: string | Buffer, contentType?: string) {
    const response = await upload(body, contentType);
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };
    const seen: Job[] = [];
    let job: Job | undefined;
    await waitFor(
      async () => {
        job = (await (await fetch(`${service.url}/vouchers/imports/${importId}`, { headers: asStaff('operator') })).json()) as Job;
        seen.push(job);
        return job.state !== 'running';
      },
      540_000,
      'the import to finish',
    );
    return { job: job!, seen };
  }

  const addsUp = (job: Job) => job.processed === job.imported + job.reissued + job.unchanged + job.rejectedCount;

  it('a 30,000-row file: shows progress, counts every row once, reports bad rows by line and code, and is idempotent', async () => {
    const file = voucherFile(30_000);
    const started = performance.now();
    const first = await importFile(file);
    console.log(`imported 30,000 rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(first.job).toMatchObject({
      state: 'completed',
      layout: 'field-names',
      total: 30_000,
      processed: 30_000,
      imported: 29_997,
      rejectedCount: 3,
    });
    expect(first.job.rejected[0]).toMatchObject({ line: 10_001, field: 'birthDate', code: 'invalid-field' }); // header is line 1
    expect(first.seen.some((j) => j.processed > 0 && j.processed < 30_000)).toBe(true);
    expect(first.seen.every(addsUp)).toBe(true);

    const second = await importFile(file);
    expect(second.job).toMatchObject({ state: 'completed', imported: 0, unchanged: 29_997, rejectedCount: 3 });
  });

  it('the Japanese roster layout as Shift_JIS: codes and 和暦 dates read, bad ones refused naming the column', async () => {
    const text = [
      '受診券整理番号,券種,保険者番号,記号,番号,氏名,生年月日,性別,有効期限,交付日,年度,基本 負担区分,基本 負担額/負担率,支援レベル,契約区分,契約取りまとめ機関コード,契約取りまとめ機関名',
      `27000000001,1,${INSURER},記号１,0012345,髙橋 﨑子,昭和45年5月1日,2,20270331,R08.04.01,2026,2,1000,,2,tokyo-ma,東京都医師会`,
      `27000000002,2,${INSURER},記号１,0012346,佐藤 太郎,S50.01.02,1,令和9年3月31日,20260401,2026,1,,1,1,zeneiren,全国労働衛生団体連合会`,
      `27000000003,1,${INSURER},記号１,0012347,鈴木 一郎,平成31年5月1日,1,20270331,20260401,2026,1,,,1,zeneiren,全国労働衛生団体連合会`,
      `27000000004,1,${INSURER},記号１,0012348,田中 次郎,19700501,9,20270331,20260401,2026,1,,,1,zeneiren,全国労働衛生団体連合会`,
    ].join('\r\n');
    const { job } = await importFile(iconv.encode(text, 'shift_jis'), 'text/csv; charset=Shift_JIS');
    expect(job).toMatchObject({ state: 'completed', layout: 'japanese-roster', total: 4, imported: 2, rejectedCount: 2 });
    expect(job.rejected).toEqual([
      { line: 4, field: '生年月日', code: 'invalid-date', reason: expect.stringContaining('平成') },
      { line: 5, field: '性別', code: 'invalid-code', reason: expect.stringContaining('1 (男) or 2 (女)') },
    ]);
  });

  it('refuses a file it cannot read to its end, and a file without rows, with a typed 400 before anything is imported', async () => {
    const broken = [
      COLUMNS,
      voucherFile(3).split('\r\n')[1],
      voucherFile(3).split('\r\n')[2]!.replace('"受診者 000001"', '"受診者 000001'),
      voucherFile(3).split('\r\n')[3],
    ].join('\r\n');
    const refused = await upload(broken);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'unreadable-file', message: expect.stringContaining('line 3') } });
    const headerOnly = await upload(`${COLUMNS}\r\n`);
    expect(headerOnly.status).toBe(400);
    expect(await headerOnly.json()).toMatchObject({ error: { code: 'empty-file' } });
  });
});
