import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadReport } from '@hcv/federation-driver';
import { ROOT } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain } from './bench-run';
import { summariseHeapProfile, summariseProfile, summariseStages } from './profile-summary';

/** Runs `node dist/apps/embedded/src/main.js --rate … --duration …` and reads its EMBEDDED_LOAD line. */
/** The driver's report and the process's CPU time in the load phase. */
type EmbeddedReport = LoadReport & { cpuMillis: number };

function embeddedRun(
  rate: number,
  duration: number,
  maxInFlight: number,
  direct: boolean,
  cpuProfile?: string,
  heapProfile?: string,
): Promise<EmbeddedReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist/apps/embedded/src/main.js'),
        '--rate',
        String(rate),
        '--duration',
        String(duration),
        '--max-in-flight',
        String(maxInFlight),
        ...(direct ? ['--direct'] : []),
        ...(cpuProfile ? ['--cpu-prof', cpuProfile] : []),
        ...(heapProfile ? ['--heap-prof', heapProfile] : []),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'ignore'],
        // As in the multi-process parts: the national system's per-institution rate limit (50/s by
        // default, 30 institutions in the plan) would otherwise be what is measured.
        env: { LOOKUP_RATE_PER_INSTITUTION: '100000', ...process.env, LOG_LEVEL: 'error' },
      },
    );
    let report: EmbeddedReport | undefined;
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('EMBEDDED_LOAD ')) report = JSON.parse(line.slice('EMBEDDED_LOAD '.length)) as EmbeddedReport;
        else log(line);
      }
    });
    child.once('exit', (code) => (report ? resolve(report) : reject(new Error(`embedded run exited with ${code} without a report`))));
  });
}

/**
 * A saturation run to find the capacity, then an open-loop run at 90 % of it. With `cpuProfile`,
 * the saturation run's load phase is profiled (its CPU figure then includes the profiler's cost)
 * and its top functions printed; with `heapProfile`, what it allocated per verification, by
 * function and by stage (the sampling heap profiler costs CPU too).
 */
async function measure(
  mode: 'http' | 'direct',
  saturate: number,
  duration: number,
  cap: number,
  cpuProfile?: string,
  heapProfile?: string,
) {
  const direct = mode === 'direct';
  log(`(d) embedded ${mode}: saturation at ${saturate}/s; load average ${loadAverage()}`);
  const saturation = { ...(await embeddedRun(saturate, 15, cap, direct, cpuProfile, heapProfile)), loadAverage: loadAverage() };
  if (cpuProfile) log(`${summariseProfile(cpuProfile, 30)}\n${summariseStages(cpuProfile)}`);
  if (heapProfile) log(summariseHeapProfile(heapProfile, Math.max(1, saturation.completed), 30));
  const rate = Math.max(10, Math.floor(saturation.throughput * 0.9));
  log(`(d) embedded ${mode}: open loop at ${rate}/s; load average ${loadAverage()}`);
  const sustained = { ...(await embeddedRun(rate, duration, 2_000, direct)), loadAverage: loadAverage() };
  const verificationsPerSecond = sustained.shed === 0 && sustained.errors === 0 ? sustained.throughputInWindow : saturation.throughput;
  // The figure a shared machine does not distort much: the process's CPU per completed verification
  // at saturation, and what one fully busy CPU would carry at that cost.
  const cpuMillisPerVerification = saturation.cpuMillis / Math.max(1, saturation.completed);
  const perCpuSecond = 1000 / cpuMillisPerVerification;
  log(
    `(d) embedded ${mode}: capacity ${saturation.throughput.toFixed(0)}/s; at ${rate}/s completed ${sustained.completed}/${sustained.sent}, shed ${sustained.shed}, ${sustained.throughputInWindow.toFixed(0)}/s; ` +
      `${cpuMillisPerVerification.toFixed(3)} ms CPU per verification at saturation (${perCpuSecond.toFixed(0)} verifications per CPU second)`,
  );
  return { saturation, sustained, verificationsPerSecond, cpuMillisPerVerification, verificationsPerCpuSecond: perCpuSecond };
}

/**
 * (d) Embedded mode (all five modules in one process, in-process bus, memory stores), driven two
 * ways: over HTTP as devices do (the driver in the same process), and `direct` — card-session's
 * open, card-read and voucher use cases called in process, so only the event pipeline is measured.
 */
runMain(async () => {
  const args = cliArgs({
    saturate: { type: 'string', default: '3000' },
    duration: { type: 'string', default: '20' },
    'max-in-flight': { type: 'string', default: '500' },
    // `direct` alone for a quick look at the event pipeline (the HTTP part takes as long again)
    modes: { type: 'string', default: 'http,direct' },
    // A V8 CPU profile of each saturation run's load phase (written to the temporary folder, summarised here)
    'cpu-prof': { type: 'boolean', default: false },
    // A sampling heap profile of each saturation run's load phase: allocation per verification (what GC has to do)
    'heap-prof': { type: 'boolean', default: false },
  });
  const profile = (mode: string) => (args['cpu-prof'] ? join(tmpdir(), `hcv-embedded-${mode}-${process.pid}.cpuprofile`) : undefined);
  const heapProfile = (mode: string) => (args['heap-prof'] ? join(tmpdir(), `hcv-embedded-${mode}-${process.pid}.heapprofile`) : undefined);
  const modes = new Set(args.modes.split(','));
  const http = modes.has('http')
    ? await measure(
        'http',
        Number(args.saturate),
        Number(args.duration),
        Number(args['max-in-flight']),
        profile('http'),
        heapProfile('http'),
      )
    : undefined;
  const direct = modes.has('direct')
    ? await measure(
        'direct',
        Number(args.saturate) * 2,
        Number(args.duration),
        Number(args['max-in-flight']) * 2,
        profile('direct'),
        heapProfile('direct'),
      )
    : undefined;
  recordResult('embedded', {
    http,
    direct,
    verificationsPerSecond: http?.verificationsPerSecond,
    directVerificationsPerSecond: direct?.verificationsPerSecond,
    directCpuMillisPerVerification: direct?.cpuMillisPerVerification,
  });
});
