import { mkdtempSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { withInsurerCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import {
  ImportVoucherFileHandler,
  InMemoryImportJobRepository,
  InMemoryVoucherRepository,
  MemberDigester,
  MongoImportJobRepository,
  MongoVoucherRepository,
  type ImportJob,
  type ImportJobRepository,
} from '@hcv/voucher-matching-service';
import { ROOT } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain } from './bench-run';

/**
 * A voucher file of `--rows` rows (200,000 by default) imported through the file-import handler, as
 * the service runs it (the job reads the file twice: once to refuse an unreadable file up front, once
 * to import), on a MongoDB-wire database (MONGO_URL, or a mongo-java-server started for the run)
 * and on the memory repositories (`--storage mongo|memory|both`). Prints rows/s, CPU seconds and the
 * peak V8 heap and RSS of this process. `npm run bench:voucher-import` runs the database case with
 * the service image's heap flags (deploy/docker/Dockerfile) — a run that finishes fits that heap —
 * and the memory case with a larger heap: the memory repository keeps every voucher in the JS heap
 * (embedded mode's store, not the service's).
 */

const JA_HEADER =
  '受診券整理番号,券種,保険者番号,記号,番号,枝番,氏名,生年月日,性別,有効期限,交付日,年度,基本 負担区分,基本 負担額/負担率,詳細 負担区分,詳細 負担額/負担率,保険者負担上限額,支援レベル,契約区分,契約取りまとめ機関コード,契約取りまとめ機関名,支払代行機関番号';
const FIELD_HEADER =
  'voucherNumber,voucherKind,insurerNumber,symbol,number,branch,name,birthDate,sex,validFrom,validUntil,issuedOn,fiscalYear,basicCopayment,basicCopaymentValue,detailedCopayment,detailedCopaymentValue,insurerUpperLimit,guidanceLevel,coordinatorKind,coordinatorId,coordinatorName,paymentAgentNumber';

/** The file as bytes built in slices (it stays outside the JS heap, as an upload does). Every 10,000th row has a birth date that does not exist. */
function voucherFile(rows: number, layout: 'japanese-roster' | 'field-names', insurerNumber: string): Buffer {
  const parts: Buffer[] = [Buffer.from(`${layout === 'japanese-roster' ? JA_HEADER : FIELD_HEADER}\r\n`)];
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(9, '0');
    const guidance = i % 5 === 0;
    const broken = i % 10_000 === 9_999;
    const year = 30 + (i % 34); // 昭和30–63年
    if (layout === 'japanese-roster') {
      lines.push(
        [
          `26${n}`,
          guidance ? '2' : '1',
          insurerNumber,
          String(1000 + (i % 9000)),
          n.slice(3),
          '00',
          `"受診者 ${n}"`,
          broken ? '昭和64年1月8日' : `昭和${year}年${1 + (i % 12)}月${1 + (i % 28)}日`,
          String(1 + (i % 2)),
          '20270331',
          'R08.04.01',
          '2026',
          guidance ? '' : '2',
          guidance ? '' : '1000',
          guidance ? '' : '3',
          guidance ? '' : '10',
          '',
          guidance ? '2' : '',
          '1',
          'zeneiren',
          '全国労働衛生団体連合会',
          '12345678',
        ].join(','),
      );
    } else {
      lines.push(
        [
          `26${n}`,
          guidance ? 'guidance' : 'checkup',
          insurerNumber,
          String(1000 + (i % 9000)),
          n.slice(3),
          '00',
          `"受診者 ${n}"`,
          broken ? '1970-13-01' : `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`,
          i % 2 ? 'female' : 'male',
          '2026-04-01',
          '2027-03-31',
          '2026-04-01',
          '2026',
          guidance ? '' : 'fixed',
          guidance ? '' : '1000',
          guidance ? '' : 'rate',
          guidance ? '' : '10',
          '',
          guidance ? 'motivational' : '',
          'collective-A',
          'zeneiren',
          '全国労働衛生団体連合会',
          '12345678',
        ].join(','),
      );
    }
    if (lines.length === 5_000) {
      parts.push(Buffer.from(`${lines.join('\r\n')}\r\n`));
      lines = [];
    }
  }
  if (lines.length) parts.push(Buffer.from(`${lines.join('\r\n')}\r\n`));
  return Buffer.concat(parts);
}

/** Job saves, resolving when the job is saved finished. */
function watched(jobs: ImportJobRepository, onSave: () => void): { jobs: ImportJobRepository; finished: Promise<ImportJob> } {
  let done!: (job: ImportJob) => void;
  const finished = new Promise<ImportJob>((resolve) => (done = resolve));
  return {
    finished,
    jobs: {
      get: (id) => jobs.get(id),
      save: async (job) => {
        onSave();
        await jobs.save(job);
        if (job.state !== 'running') done(structuredClone(job));
      },
    },
  };
}

const MB = 1024 * 1024;

async function measure(
  storage: string,
  file: Buffer,
  charset: string | undefined,
  make: () => Promise<{ vouchers: InMemoryVoucherRepository | MongoVoucherRepository; jobs: ImportJobRepository }>,
) {
  const { vouchers, jobs } = await make();
  let sample = () => undefined as void;
  const observed = watched(jobs, () => sample());
  const importer = new ImportVoucherFileHandler(
    vouchers,
    observed.jobs,
    () => new Date(),
    createLogger({ service: 'bench', level: 'warn' }),
    new MemberDigester('bench-voucher-key-of-at-least-32-characters'),
  );
  const base = process.memoryUsage();
  const peak = { heapUsed: base.heapUsed, rss: base.rss };
  // Sampled on a timer and at every job save (once per 2,000 rows): the import may not yield to timers for a while.
  sample = () => {
    const now = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
    peak.rss = Math.max(peak.rss, now.rss);
  };
  const sampler = setInterval(sample, 20);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const job = await importer.start(file, charset);
  const accepted = performance.now();
  const done = await observed.finished;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  const figures = {
    storage,
    state: done.state,
    rows: done.total,
    imported: done.imported,
    rejected: done.rejectedCount,
    refusedFor: [...new Set(done.rejected.map((r) => `${r.field} ${r.code}`))],
    addsUp: done.processed === done.imported + done.reissued + done.unchanged + done.rejectedCount,
    seconds: Number(seconds.toFixed(1)),
    firstReadingSeconds: Number(((accepted - started) / 1000).toFixed(1)),
    rowsPerSecond: Math.round(done.processed / seconds),
    /** CPU time of this process (the database's own excluded): what the import costs when the machine is shared. */
    cpuSeconds: Number(cpuSeconds.toFixed(1)),
    rowsPerCpuSecond: Math.round(done.processed / cpuSeconds),
    peakHeapUsedMB: Math.round(peak.heapUsed / MB),
    peakRssMB: Math.round(peak.rss / MB),
  };
  log(
    `${storage}: ${figures.rows.toLocaleString('en')} rows ${figures.state} in ${figures.seconds} s (file read through in ${figures.firstReadingSeconds} s) = ` +
      `${figures.rowsPerSecond.toLocaleString('en')} rows/s (${figures.cpuSeconds} s of CPU in this process: ${figures.rowsPerCpuSecond.toLocaleString('en')} rows per CPU second); imported ${figures.imported}, refused ${figures.rejected}, counts add up: ${figures.addsUp}; ` +
      `peak heapUsed ${figures.peakHeapUsedMB} MB, peak RSS ${figures.peakRssMB} MB (job ${job.importId})`,
  );
  return figures;
}

runMain(async () => {
  const args = cliArgs({
    rows: { type: 'string', default: '200000' },
    layout: { type: 'string', default: 'japanese-roster' },
    /** Send the file as Shift_JIS (decoded by the import), as Japanese spreadsheets save it. */
    'shift-jis': { type: 'boolean', default: false },
    /** memory, mongo, or both (one after the other in this process). */
    storage: { type: 'string', default: 'both' },
  });
  const layout = args.layout === 'field-names' ? 'field-names' : 'japanese-roster';
  const rows = Number(args.rows);
  // mongo-java-server's memory backend keeps every document in its JVM heap (several KB per voucher
  // as Java maps): 200,000 vouchers ran its default 1 GB out of memory. A MongoDB keeps them on disk.
  process.env.HCV_INFRA_MONGO_HEAP ??= `${Math.ceil(rows / 100_000) + 1}g`;
  let file = voucherFile(rows, layout, withInsurerCheckDigit('0613901'));
  const charset = args['shift-jis'] ? 'shift_jis' : undefined;
  if (charset) file = iconv.encode(iconv.decode(file, 'utf8'), charset);
  const heapLimit = getHeapStatistics().heap_size_limit / MB;
  log(
    `voucher file: ${rows.toLocaleString('en')} rows, ${layout} layout${charset ? ', Shift_JIS' : ''}, ${(file.length / MB).toFixed(1)} MB; ` +
      `V8 heap limit ${heapLimit.toFixed(0)} MB; load average ${loadAverage()}`,
  );
  const storage = String(args.storage);
  const results = [];
  if (storage === 'memory' || storage === 'both') {
    results.push(
      await measure('memory', file, charset, async () => ({
        vouchers: new InMemoryVoucherRepository(),
        jobs: new InMemoryImportJobRepository(),
      })),
    );
  }
  if (storage === 'mongo' || storage === 'both') {
    let mongoUrl = process.env.MONGO_URL;
    let stopMongo = async () => undefined as unknown;
    if (!mongoUrl) {
      const importModule = new Function('p', 'return import(p)') as (
        p: string,
      ) => Promise<Record<string, (...a: unknown[]) => Promise<unknown>>>;
      const infra = await importModule(join(ROOT, 'tools/infra/infra.mjs'));
      const port = (await infra.freePort!()) as number;
      const pid = (await infra.startMongo!({ port, dataDir: mkdtempSync(join(tmpdir(), 'hcv-bench-mongo-')) })) as number;
      const killOnExit = () => process.kill(pid, 'SIGKILL');
      process.once('exit', killOnExit);
      mongoUrl = `mongodb://127.0.0.1:${port}`;
      stopMongo = async () => {
        await infra.stopPid!(pid);
        process.removeListener('exit', killOnExit);
      };
    }
    const connection = await connectMongo({ url: mongoUrl, dbName: `bench_voucher_import_${process.pid}` });
    try {
      results.push(
        await measure('mongo', file, charset, async () => ({
          vouchers: new MongoVoucherRepository(connection),
          jobs: new MongoImportJobRepository(connection),
        })),
      );
    } finally {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
      await stopMongo();
    }
  }
  recordResult(`voucher-import-${storage}`, {
    rows,
    layout,
    shiftJis: Boolean(charset),
    fileMB: Number((file.length / MB).toFixed(1)),
    heapLimitMB: Math.round(heapLimit),
    results,
  });
});
