import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadReport } from '@hcv/federation-driver';
import { ROOT } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain } from './bench-run';

/** Runs `node dist/apps/embedded/src/main.js --rate … --duration …` and reads its EMBEDDED_LOAD line. */
function embeddedRun(rate: number, duration: number, maxInFlight: number): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/embedded/src/main.js'), '--rate', String(rate), '--duration', String(duration), '--max-in-flight', String(maxInFlight)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, LOG_LEVEL: 'error' },
    });
    let report: LoadReport | undefined;
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('EMBEDDED_LOAD ')) report = JSON.parse(line.slice('EMBEDDED_LOAD '.length)) as LoadReport;
        else log(line);
      }
    });
    child.once('exit', (code) => (report ? resolve(report) : reject(new Error(`embedded run exited with ${code} without a report`))));
  });
}

/**
 * (d) Embedded mode (all five modules in one process, in-process bus, memory stores): a saturation
 * run to find its capacity, then an open-loop run at 90 % of it.
 */
runMain(async () => {
  const args = cliArgs({ saturate: { type: 'string', default: '6000' }, duration: { type: 'string', default: '20' }, 'max-in-flight': { type: 'string', default: '500' } });
  log(`(d) embedded saturation at ${args.saturate}/s; load average ${loadAverage()}`);
  const saturation = { ...(await embeddedRun(Number(args.saturate), 15, Number(args['max-in-flight']))), loadAverage: loadAverage() };
  const rate = Math.max(10, Math.floor(saturation.throughput * 0.9));
  log(`(d) embedded open loop at ${rate}/s; load average ${loadAverage()}`);
  const sustained = { ...(await embeddedRun(rate, Number(args.duration), 2_000)), loadAverage: loadAverage() };
  log(`(d) embedded: capacity ${saturation.throughput.toFixed(0)}/s; at ${rate}/s completed ${sustained.completed}/${sustained.sent}, shed ${sustained.shed}, ${sustained.throughputInWindow.toFixed(0)}/s`);
  recordResult('embedded', { saturation, sustained, verificationsPerSecond: sustained.shed === 0 && sustained.errors === 0 ? sustained.throughputInWindow : saturation.throughput });
});
