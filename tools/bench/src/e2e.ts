import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReport } from '@hcv/federation-driver';
import { searchSustainedRate } from './skeleton-platform';
import { ROOT } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain, startBench } from './bench-run';

/**
 * Kafka hops on a verification's path once the voucher is presented: eligibility.requested
 * (card-session → qualification-lookup), qualification.resolved (→ voucher-matching),
 * verification.outcome (→ card-session), session.completed (→ audit). Seven events per
 * verification cross the broker in all (session.opened, card-read, voucher-presented too).
 */
export const PIPELINE_HOPS = 4;
export const EVENTS_PER_VERIFICATION = 7;

/**
 * (b) End-to-end verifications per second over the real broker, five services as processes:
 * first a saturation run (offered far above capacity, in flight capped) to find the capacity,
 * then open-loop runs at 90 % of it, stepping down until one is sustained (nothing shed, nothing
 * failed, every verification completed, p99 under 10 s).
 */
runMain(async () => {
  const args = cliArgs({
    saturate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '30' },
    'max-in-flight': { type: 'string', default: '400' },
  });
  const duration = Number(args.duration);
  const bench = await startBench({
    shape: { facilities: 20, buses: 10, devicesPerSite: 15, visits: 20_000 },
    env: { SIMULATOR_LATENCY_MS: '0' },
  });
  try {
    let firstVisit = 0;
    const run = async (rate: number, durationSeconds: number, maxInFlight: number, quiet: boolean) => {
      const report = await bench.load({ rate, durationSeconds, firstVisit, maxInFlight, quiet });
      firstVisit += report.offered;
      log(formatReport(report));
      return { ...report, loadAverage: loadAverage() };
    };
    const search = await searchSustainedRate({
      label: '(b)',
      saturateRate: Number(args.saturate),
      saturate: (rate) => run(rate, 20, Number(args['max-in-flight']), true),
      openLoop: (rate) => run(rate, duration, 2_000, false),
      throughput: (r) => r.throughputInWindow,
      counts: (r) => ({ sent: r.sent, completed: r.completed, shed: r.shed, errors: r.errors, p99: r.latency.p99 }),
    });
    const { saturation, runs } = search;
    const ceilingFile = join(ROOT, '.cache/bench/ceiling.json');
    const perHop = existsSync(ceilingFile) ? (JSON.parse(readFileSync(ceilingFile, 'utf8')) as { perHop: number }).perHop : undefined;
    const verificationsPerSecond = search.sustainedRate;
    const ratio = perHop ? verificationsPerSecond / (perHop / PIPELINE_HOPS) : undefined;
    log(
      `(b) sustained ${verificationsPerSecond.toFixed(1)} verifications/s` +
        (perHop
          ? `; ceiling ${perHop.toFixed(0)} msg/s per hop ÷ ${PIPELINE_HOPS} hops = ${(perHop / PIPELINE_HOPS).toFixed(0)}/s; ratio ${ratio!.toFixed(3)}`
          : ' (run bench:ceiling for the ratio)'),
    );
    recordResult('e2e', {
      saturation,
      runs,
      verificationsPerSecond,
      hops: PIPELINE_HOPS,
      eventsPerVerification: EVENTS_PER_VERIFICATION,
      ceilingPerHop: perHop,
      ratio,
      memoryMb: bench.platform.memory(),
    });
  } finally {
    await bench.stop();
  }
});
