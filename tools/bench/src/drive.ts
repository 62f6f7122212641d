import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport } from '@hcv/federation-driver';
import { IMAGE_NODE_FLAGS, SERVICES } from './bench-platform';
import { formatPipelineSteps } from './event-timeline';
import { summariseProfile } from './profile-summary';
import { cliArgs, envArgs, formatMemory, loadAverage, log, nodeFlagsArg, recordResult, runMain, startBench } from './bench-run';

/**
 * `npm run bench:drive -- --rate 200 --duration 30 [--facilities 8 --buses 4 --devices 10]
 *  [--arrival poisson|fixed] [--max-in-flight N] [--simulator-latency-ms 50] [--instances 1]
 *  [--env K=V …] [--node-flags="…"] [--cpu-prof]`
 * Starts Kafka, MongoDB and the five services (`--instances N`: N processes of each consumer
 * service, in the same groups; the images' Node flags unless `--node-flags` says otherwise), seeds
 * a federation of N sites and M buses with K devices each, and drives open-loop verifications with
 * progress every second; prints CPU and database commands per verification per process and RSS.
 */
runMain(async () => {
  const args = cliArgs({
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    facilities: { type: 'string', default: '8' },
    buses: { type: 'string', default: '4' },
    devices: { type: 'string', default: '10' },
    arrival: { type: 'string', default: 'poisson' },
    'max-in-flight': { type: 'string' },
    'simulator-latency-ms': { type: 'string', default: '50' },
    visits: { type: 'string' },
    /** Extra environment for every service, repeatable: `--env KAFKA_FETCH_MAX_WAIT_MS=10`. */
    env: { type: 'string', multiple: true, default: [] },
    /** Node flags for every service (default: the images' NODE_OPTIONS; `--node-flags=` for none). */
    'node-flags': { type: 'string', default: IMAGE_NODE_FLAGS },
    /** Processes of each consumer service (card-session, qualification-lookup, voucher-matching, audit). */
    instances: { type: 'string', default: '1' },
    /** Profile every service (node --cpu-prof); the top self-time functions are printed at the end. */
    'cpu-prof': { type: 'boolean', default: false },
  });
  const profileDir = join(tmpdir(), `hcv-bench-prof-${process.pid}`);
  const nodeArgs = nodeFlagsArg(args['node-flags'], (s) =>
    args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, s)}`] : [],
  );
  const rate = Number(args.rate);
  const duration = Number(args.duration);
  const arrival = args.arrival === 'fixed' ? 'fixed' : 'poisson';
  const bench = await startBench({
    shape: {
      facilities: Number(args.facilities),
      buses: Number(args.buses),
      devicesPerSite: Number(args.devices),
      visits: Number(args.visits ?? Math.ceil(rate * duration * 1.1) + 100),
    },
    env: { SIMULATOR_LATENCY_MS: String(args['simulator-latency-ms']), ...envArgs(args.env) },
    nodeArgs,
    instances: Number(args.instances),
  });
  try {
    log(`driving ${rate}/s (${arrival}) for ${duration} s; load average ${loadAverage()}`);
    const report = await bench.load({
      rate,
      durationSeconds: duration,
      arrival,
      ...(args['max-in-flight'] ? { maxInFlight: Number(args['max-in-flight']) } : {}),
    });
    log(formatReport(report));
    const latency = bench.timeline.latency();
    log(
      `  pipeline (events, national system excluded) p50 ${latency.pipeline.p50.toFixed(1)} p95 ${latency.pipeline.p95.toFixed(1)} p99 ${latency.pipeline.p99.toFixed(1)} ms; national system p50 ${latency.nationalSystem.p50.toFixed(1)} ms`,
    );
    log(
      `  resolved → outcome (voucher-matching) p50 ${latency.matchHop.p50.toFixed(1)} ms; outcome → completed (card-session) p50 ${latency.completeHop.p50.toFixed(1)} ms`,
    );
    log(formatPipelineSteps(latency.steps, '  '));
    const memoryMb = bench.platform.memory();
    log(formatMemory(memoryMb));
    recordResult('drive', { report, latency, memoryMb });
  } finally {
    await bench.stop();
  }
  if (args['cpu-prof']) {
    for (const service of SERVICES) {
      const dir = join(profileDir, service);
      for (const file of existsSync(dir) ? readdirSync(dir) : []) log(summariseProfile(join(dir, file), 15));
    }
  }
});
