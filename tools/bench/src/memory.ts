import { cliArgs, envArgs, loadAverage, log, nodeFlagsArg, recordResult, runMain, startBench } from './bench-run';

/** (f) Resident memory (RSS) of each service process at idle and, sampled every second, at load. */
runMain(async () => {
  const args = cliArgs({
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    /** Node flags for every service, e.g. --node-flags=--max-semi-space-size=4 (what a deployment would set in NODE_OPTIONS). */
    'node-flags': { type: 'string', default: '' },
    /** Extra environment for every service, repeatable: `--env MALLOC_ARENA_MAX=2`. */
    env: { type: 'string', multiple: true, default: [] },
  });
  const flags = String(args['node-flags']).split(' ').filter(Boolean);
  const rate = Number(args.rate);
  const duration = Number(args.duration);
  const bench = await startBench({
    shape: { facilities: 10, buses: 5, devicesPerSite: 10, visits: Math.ceil(rate * duration * 1.1) + 100 },
    env: { SIMULATOR_LATENCY_MS: '50', ...envArgs(args.env) },
    nodeArgs: nodeFlagsArg(String(args['node-flags'])),
  });
  try {
    await new Promise((r) => setTimeout(r, 15_000));
    const idle = bench.platform.memory();
    log(
      `(f) idle RSS (MB): ${Object.entries(idle)
        .map(([s, mb]) => `${s} ${mb.toFixed(0)}`)
        .join(', ')}; load average ${loadAverage()}`,
    );
    const peak: Record<string, number> = {};
    const sampler = setInterval(() => {
      for (const [s, mb] of Object.entries(bench.platform.memory())) peak[s] = Math.max(peak[s] ?? 0, mb);
    }, 1_000);
    const report = await bench.load({ rate, durationSeconds: duration, quiet: true });
    clearInterval(sampler);
    log(
      `(f) peak RSS at ${rate}/s (MB): ${Object.entries(peak)
        .map(([s, mb]) => `${s} ${mb.toFixed(0)}`)
        .join(', ')}; completed ${report.completed}/${report.sent}; load average ${loadAverage()}`,
    );
    recordResult(flags.length ? 'memory-flags' : 'memory', {
      nodeFlags: flags,
      idle,
      atLoad: peak,
      rate,
      completed: report.completed,
      sent: report.sent,
      throughput: report.throughput,
    });
  } finally {
    await bench.stop();
  }
});
