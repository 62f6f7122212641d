import { formatMillis, formatReport, type LatencySummary } from '@hcv/federation-driver';
import { formatPipelineSteps } from './event-timeline';
import { cliArgs, loadAverage, log, recordResult, runMain, startBench } from './bench-run';

const line = (label: string, s: LatencySummary) =>
  `    ${label.padEnd(34)} p50 ${formatMillis(s.p50).padStart(8)}  p95 ${formatMillis(s.p95).padStart(8)}  p99 ${formatMillis(s.p99).padStart(8)}  (n=${s.count})`;

/**
 * (c) Latency at 50, 200 and 1,000 verifications per second, open loop, with a simulated national
 * system of SIMULATOR_LATENCY_MS: the device's view (scheduled arrival → outcome), and from the
 * events' own timestamps the pipeline's part (eligibility.requested → session.completed minus the
 * national system's round trip) reported apart from the national system's.
 */
runMain(async () => {
  const args = cliArgs({
    rates: { type: 'string', default: '50,200,1000' },
    duration: { type: 'string', default: '20' },
    'simulator-latency-ms': { type: 'string', default: '50' },
  });
  const rates = String(args.rates).split(',').map(Number);
  const duration = Number(args.duration);
  const visits = rates.reduce((s, r) => s + Math.ceil(r * duration * 1.1), 0) + 100;
  const bench = await startBench({
    shape: { facilities: 20, buses: 10, devicesPerSite: 15, visits },
    env: { SIMULATOR_LATENCY_MS: String(args['simulator-latency-ms']) },
  });
  try {
    const results = [];
    let firstVisit = 0;
    for (const rate of rates) {
      bench.timeline.reset();
      const before = loadAverage();
      log(`(c) ${rate}/s for ${duration} s (national system simulated at ${args['simulator-latency-ms']} ms); load average ${before}`);
      const report = await bench.load({ rate, durationSeconds: duration, firstVisit, maxInFlight: 2_000 });
      firstVisit += report.offered;
      const latency = bench.timeline.latency();
      log(formatReport(report));
      log(line('device: arrival → outcome', report.latency));
      log(line('pipeline (national system excluded)', latency.pipeline));
      log(line('  requested → resolved − national', latency.lookupHop));
      log(line('  resolved → completed', latency.matchAndComplete));
      log(line('    resolved → outcome (matching)', latency.matchHop));
      log(line('    outcome → completed (session)', latency.completeHop));
      log(line('national system (simulated)', latency.nationalSystem));
      log(formatPipelineSteps(latency.steps));
      results.push({ rate, report, latency, loadAverageBefore: before, loadAverageAfter: loadAverage() });
      await new Promise((r) => setTimeout(r, 5_000));
    }
    recordResult('latency', { simulatorLatencyMillis: Number(args['simulator-latency-ms']), results });
  } finally {
    await bench.stop();
  }
});
