import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_NODE_FLAGS, type RunningService } from './bench-platform';
import {
  cliArgs,
  envArgs,
  formatCommandShare,
  formatCpuShare,
  loadAverage,
  log,
  nodeFlagsArg,
  recordResult,
  runMain,
  startBench,
  type CpuShare,
  type StartedBench,
} from './bench-run';
import { parsePrometheusText } from './prometheus-text';

/**
 * (f) Resident memory (RSS) of each service process: idle, sampled every second under load, and at
 * the end of the load where it goes — anonymous against file-backed pages (/proc), V8's heap used and
 * reserved, external memory and code space (prom-client's default metrics at /metrics) — beside each
 * process's CPU per verification, so a memory setting's CPU price shows in the same run.
 *
 *   npm run bench:memory -- [--rate 30] [--duration 20] [--node-flags="…" (default: the images' flags)]
 *     [--env MALLOC_ARENA_MAX=2 …] [--heap-snapshot] [--ab default --ab K=V,K=V … [--ab-rounds N]]
 *
 * `--ab`: settings variants alternated in one run (every service restarted per variant on the same
 * broker, database and federation; a warm-up as long as the measured load, not measured). A variant
 * that starts with `--` is Node flags added to `--node-flags` (`--ab default --ab=--optimize-for-size`):
 * V8's own flags, which NODE_OPTIONS refuses.
 *
 * `--heap-snapshot` writes one V8 heap snapshot per service after the load (SIGUSR2 with
 * --heapsnapshot-signal, into the run's log directory) to see what holds the heap.
 */
runMain(async () => {
  const args = cliArgs({
    rate: { type: 'string', default: '30' },
    duration: { type: 'string', default: '20' },
    /** Node flags for every service (what a deployment sets in NODE_OPTIONS); `--node-flags=` for none. */
    'node-flags': { type: 'string', default: IMAGE_NODE_FLAGS },
    /** Extra environment for every service, repeatable: `--env MALLOC_ARENA_MAX=2`. */
    env: { type: 'string', multiple: true, default: [] },
    /** Settings variants alternated in one run, repeatable: `--ab default --ab MALLOC_ARENA_MAX=2,UV_THREADPOOL_SIZE=2`. */
    ab: { type: 'string', multiple: true, default: [] },
    'ab-rounds': { type: 'string', default: '1' },
    'heap-snapshot': { type: 'boolean', default: false },
  });
  const flags = String(args['node-flags']).split(' ').filter(Boolean);
  const rate = Number(args.rate);
  const duration = Number(args.duration);
  const snapshots = args['heap-snapshot'];
  const snapshotDir = snapshots ? join('/tmp', `hcv-heap-${process.pid}`) : '';
  if (snapshots) mkdirSync(snapshotDir, { recursive: true });
  const variants = args.ab.map(parseVariant);
  const rounds = variants.length ? Number(args['ab-rounds']) : 1;
  const loads = Math.max(1, variants.length) * rounds * (variants.length ? 2 : 1);
  log(`services' node flags: ${flags.join(' ') || '(none)'}; env: ${args.env.join(' ') || '(none)'}`);
  const bench = await startBench({
    shape: { facilities: 10, buses: 5, devicesPerSite: 10, visits: Math.ceil(rate * duration * 1.1 * loads) + 100 },
    env: { SIMULATOR_LATENCY_MS: '50', ...envArgs(args.env) },
    nodeArgs: nodeFlagsArg(flags.join(' '), () => (snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [])),
  });
  try {
    if (!variants.length) {
      const idle = bench.platform.memory();
      log(`(f) idle RSS after the warm-up (MB): ${formatMb(idle)}; load average ${loadAverage()}`);
      const measured = await measure(bench, { rate, duration, firstVisit: 0 });
      if (snapshots) {
        for (const r of bench.platform.running) r.child.kill('SIGUSR2');
        await waitForSnapshots(snapshotDir, bench.platform.running.length);
        log(`heap snapshots in ${snapshotDir}`);
      }
      recordResult(flags.length ? 'memory-flags' : 'memory', { nodeFlags: flags, env: args.env, idle, ...measured, rate });
      return;
    }
    // A/B: every service restarted per variant (same broker, database and federation), a warm-up
    // of the same length not measured, then the measured load.
    let firstVisit = 0;
    const results: { variant: string; round: number; end: MemoryBreakdown[]; cpu: CpuShare }[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        await bench.platform.restartAll(variant.env, variant.nodeArgs);
        const warm = await bench.load({ rate, durationSeconds: duration, firstVisit, maxInFlight: 2_000, quiet: true });
        firstVisit += warm.offered;
        log(`A/B round ${round} [${variant.label}]`);
        const measured = await measure(bench, { rate, duration, firstVisit });
        firstVisit += measured.offered;
        results.push({ variant: variant.label, round, end: measured.end, cpu: measured.cpu });
      }
    }
    log(
      '\n| variant | round | service | RSS | anon | heap used | heap total | external | malloc main arena | other malloc arenas | CPU ms/verification |\n|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const r of results) {
      for (const b of r.end) {
        const cpu = r.cpu[b.service]?.millisPerVerification ?? Number.NaN;
        log(
          `| ${r.variant} | ${r.round} | ${b.service} | ${fmt(b.rss)} | ${fmt(b.rssAnon)} | ${fmt(b.heapUsed)} | ${fmt(b.heapTotal)} | ${fmt(b.external)} | ${fmt(b.mallocMain)} | ${fmt(b.mallocArenas)} | ${cpu.toFixed(2)} |`,
        );
      }
    }
    recordResult('memory-ab', { nodeFlags: flags, env: args.env, rate, duration, results });
  } finally {
    await bench.stop();
  }
});

/** One measured load: peak RSS sampled every second, then where each service's memory is at its end. */
async function measure(bench: StartedBench, options: { rate: number; duration: number; firstVisit: number }) {
  const peak: Record<string, number> = {};
  const sampler = setInterval(() => {
    for (const [s, mb] of Object.entries(bench.platform.memory())) peak[s] = Math.max(peak[s] ?? 0, mb);
  }, 1_000);
  const report = await bench.load({
    rate: options.rate,
    durationSeconds: options.duration,
    firstVisit: options.firstVisit,
    maxInFlight: 2_000,
    quiet: true,
  });
  clearInterval(sampler);
  const end = await Promise.all(bench.platform.running.map(breakdown));
  log(
    `(f) peak RSS at ${options.rate}/s (MB): ${formatMb(peak)}; completed ${report.completed}/${report.sent}; load average ${loadAverage()}`,
  );
  log(formatCpuShare(report.cpu));
  log(formatCommandShare(report.commands));
  log(
    '  at the end of the load (MB): service | RSS | anon | file | heap used | heap total | external | code space | malloc main arena | other malloc arenas | CPU ms/verification',
  );
  for (const b of end) {
    const cpu = report.cpu[b.service]?.millisPerVerification ?? Number.NaN;
    log(
      `  ${b.service} | ${fmt(b.rss)} | ${fmt(b.rssAnon)} | ${fmt(b.rssFile)} | ${fmt(b.heapUsed)} | ${fmt(b.heapTotal)} | ` +
        `${fmt(b.external)} | ${fmt(b.codeSpace)} | ${fmt(b.mallocMain)} | ${fmt(b.mallocArenas)} | ${cpu.toFixed(2)}`,
    );
  }
  return {
    atLoad: peak,
    end,
    cpu: report.cpu,
    commands: report.commands,
    offered: report.offered,
    completed: report.completed,
    sent: report.sent,
    throughput: report.throughput,
  };
}

/** `default`, `K=V,K=V` (e.g. `MALLOC_ARENA_MAX=2,NODE_OPTIONS=--v8-pool-size=1`) or Node flags (`--optimize-for-size`). */
function parseVariant(text: string): { label: string; env: Record<string, string>; nodeArgs: string[] } {
  if (text.startsWith('--')) return { label: text, env: {}, nodeArgs: text.split(' ').filter(Boolean) };
  return { label: text, env: envArgs(text === 'default' ? [] : text.split(',').filter(Boolean)), nodeArgs: [] };
}

interface MemoryBreakdown {
  service: string;
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  codeSpace: number;
  /** Resident pages of glibc's main malloc arena (the `[heap]` mapping: Buffers, sockets, native allocations of the main thread). */
  mallocMain: number;
  /** Resident pages of glibc's other arenas (64 MB-aligned reservations; at most MALLOC_ARENA_MAX − 1 of them). */
  mallocArenas: number;
}

const MB = 1024 * 1024;

async function breakdown(r: RunningService): Promise<MemoryBreakdown> {
  const status = procStatus(r.child.pid);
  const text = await fetch(`${r.url}/metrics`)
    .then((res) => (res.ok ? res.text() : ''))
    .catch(() => '');
  const samples = parsePrometheusText(text);
  const metric = (name: string, labels: Record<string, string> = {}) => {
    const found = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    return found ? found.value / MB : Number.NaN;
  };
  return {
    service: r.label,
    rss: status.VmRSS ?? Number.NaN,
    rssAnon: status.RssAnon ?? Number.NaN,
    rssFile: status.RssFile ?? Number.NaN,
    heapUsed: metric('nodejs_heap_size_used_bytes'),
    heapTotal: metric('nodejs_heap_size_total_bytes'),
    external: metric('nodejs_external_memory_bytes'),
    codeSpace: metric('nodejs_heap_space_size_used_bytes', { space: 'code' }),
    ...mallocResident(r.child.pid),
  };
}

/** glibc's arena size: each arena other than the main one is a reservation of this size, aligned to it (HEAP_MAX_SIZE on 64-bit). */
const ARENA_BYTES = 64 * MB;

/**
 * Where malloc's pages are (/proc/<pid>/smaps): the main arena is the `[heap]` mapping; another arena is
 * an anonymous read-write mapping starting on a 64 MB boundary whose reservation (with the
 * inaccessible rest that follows it) is 64 MB. V8's heap pages are separate smaller mappings, so the
 * two figures are what freed-but-kept native memory costs beside the JS heap.
 */
function mallocResident(pid: number | undefined): { mallocMain: number; mallocArenas: number } {
  const none = { mallocMain: Number.NaN, mallocArenas: Number.NaN };
  if (!pid) return none;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return none;
  }
  const maps: { start: number; end: number; perms: string; name: string; rss: number }[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      maps.push({ start: parseInt(header[1]!, 16), end: parseInt(header[2]!, 16), perms: header[3]!, name: header[4]!, rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    if (rss && maps.length) maps[maps.length - 1]!.rss = Number(rss[1]) / 1024;
  }
  let mallocMain = 0;
  let mallocArenas = 0;
  maps.forEach((m, i) => {
    if (m.name === '[heap]') mallocMain += m.rss;
    else if (!m.name && m.perms.startsWith('rw') && m.start % ARENA_BYTES === 0) {
      const rest = maps[i + 1];
      const reserved = rest && !rest.name && rest.perms.startsWith('---') && rest.start === m.end ? rest.end - m.start : m.end - m.start;
      if (reserved === ARENA_BYTES) mallocArenas += m.rss;
    }
  });
  return { mallocMain, mallocArenas };
}

/** The kB fields of /proc/<pid>/status, in MB. */
function procStatus(pid: number | undefined): Record<string, number> {
  if (!pid) return {};
  try {
    const fields: Record<string, number> = {};
    for (const match of readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/^(\w+):\s+(\d+) kB$/gm)) {
      fields[match[1]!] = Number(match[2]) / 1024;
    }
    return fields;
  } catch {
    return {};
  }
}

/** Until `count` snapshots are written and none grew for two seconds (V8 writes each in chunks). */
async function waitForSnapshots(dir: string, count: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  const sizes = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.heapsnapshot'))
      .map((f) => statSync(join(dir, f)).size)
      .join(',');
  let last = '';
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    const now = sizes();
    if (now.split(',').filter((size) => Number(size) > 0).length >= count && now === last) return;
    last = now;
  }
}

const fmt = (mb: number) => (Number.isFinite(mb) ? mb.toFixed(1) : '—');
const formatMb = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([s, mb]) => `${s} ${mb.toFixed(0)}`)
    .join(', ');
