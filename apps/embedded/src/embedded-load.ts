import { EligibilityRetryV1, SessionCompletedV2, SessionCompletedV3 } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { SubmitCapturedSessionHandler } from '@hcv/card-session-service';
import {
  formatProgress,
  formatReport,
  OutcomeFeed,
  planLoad,
  PlatformClient,
  runLoad,
  seedFederation,
  waitForDevices,
  type VisitStarter,
} from '@hcv/federation-driver';
import { on } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/platform-access';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPlatform } from './embedded-platform';
import { LoadPhaseProfiler } from './load-phase-profiler';

/**
 * `npm run embedded -- --rate 2000 --duration 20`: the open-loop load driver against the embedded
 * platform (every service in this process, in-process bus, memory stores). Devices drive over HTTP
 * as in production; outcomes are learnt from session.completed on the bus instead of by polling.
 * Prints progress every second, the report, and one `EMBEDDED_LOAD {json}` line for scripts.
 */
export async function runEmbeddedLoad(options: {
  logger: Logger;
  seed: number;
  rate: number;
  durationSeconds: number;
  maxInFlight?: number;
  simulatorLatencyMillis?: number;
  /**
   * Without HTTP: each visit is a captured bus session handed straight to card-session's use case,
   * so the figure is the event pipeline's own (five modules, in-process bus, memory stores).
   */
  direct?: boolean;
  /** Writes a V8 CPU profile of the load phase only (not the seeding) to this file. */
  cpuProfileFile?: string;
}): Promise<void> {
  const population = 5_000;
  const feed = new OutcomeFeed();
  const deferred = { retries: 0, sessions: new Set<string>() };
  const secret = randomBytes(32).toString('base64url');
  const platform = await startEmbeddedPlatform({
    logger: options.logger,
    simulator: new EligibilitySimulator({ seed: options.seed, size: population, latencyMillis: options.simulatorLatencyMillis ?? 0 }),
    // The load driver's card reads carry no device report: the simulator answers them.
    eligibilitySources: { defaultSource: 'simulator', byInstitution: {} },
    staffTokens: new StaffTokenVerifier(secret),
    consumers: [
      {
        settings: { group: 'embedded.load-driver' },
        handlers: [
          // v3 is what card-session publishes; v2 stays read for events already on the topic
          on(SessionCompletedV3, async (event) => feed.completed(event.data.sessionId, event.data.outcome)),
          on(SessionCompletedV2, async (event) => feed.completed(event.data.sessionId, event.data.outcome)),
          // Lookups the national-system guard put off (per-institution rate limit, open circuit): they
          // wait on the retry topic, so they bound the throughput whatever the pipeline's own cost.
          on(EligibilityRetryV1, async (event) => {
            deferred.retries++;
            deferred.sessions.add(event.data.request.sessionId);
          }),
        ],
      },
    ],
  });
  try {
    const client = new PlatformClient(platform.urls, { staffTokens: staffTokensForAllRoles(secret, 'embedded-load') });
    const checkupDate = new Date().toISOString().slice(0, 10);
    const plan = planLoad({
      seed: options.seed,
      population,
      facilities: 20,
      buses: 10,
      devicesPerSite: 20,
      visits: Math.ceil(options.rate * options.durationSeconds * 1.1) + 100,
      checkupDate,
      ...(options.direct ? { mix: { alternative: 0, captured: 1 } } : {}),
    });
    const captured = platform.apps['card-session'].get(SubmitCapturedSessionHandler);
    const startVisit: VisitStarter = async (visit, deviceId, o) =>
      (
        await captured.execute(
          {
            idempotencyKey: o.key,
            deviceId,
            purpose: visit.purpose,
            checkupDate: o.checkupDate,
            capturedAt: new Date(Date.now() - 60_000).toISOString(),
            card: {
              identityCheck: visit.identityCheck,
              cardReference: visit.cardReference,
              ...(visit.identityCheck === 'pin' ? { pinVerified: true } : {}),
            },
            voucher: visit.voucher,
          },
          undefined,
        )
      ).session.sessionId;
    await seedFederation(client, plan);
    await platform.bus.idle();
    await waitForDevices(
      client,
      plan.sites.flatMap((s) => s.devices),
      { checkupDate },
    );
    await platform.bus.idle();
    console.log(
      `Embedded load${options.direct ? ' (use case called directly, no HTTP)' : ''}: ${options.rate}/s for ${options.durationSeconds} s over ${plan.sites.length} sites, ${plan.vouchers.length} vouchers`,
    );
    const profiler = new LoadPhaseProfiler(options.cpuProfileFile);
    await profiler.start();
    const report = await runLoad(client, plan, {
      rate: options.rate,
      durationSeconds: options.durationSeconds,
      checkupDate,
      seed: options.seed,
      awaitOutcome: feed.awaitOutcome,
      ...(options.direct ? { startVisit } : {}),
      ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
      onProgress: (p) => console.log(formatProgress(p)),
    });
    const { cpuMillis, heapGrowthBytes, heapGcExact } = await profiler.stop();
    console.log(formatReport(report));
    // CPU time is the robust figure on a shared machine (wall-clock throughput is noisy).
    console.log(
      `CPU in the load phase: ${(cpuMillis / 1000).toFixed(1)} s, ${(cpuMillis / Math.max(1, report.completed)).toFixed(2)} ms per completed verification`,
    );
    // The memory stores keep every session, record and processed-event id: growth per 10k verifications.
    const perTenK = (heapGrowthBytes / Math.max(1, report.completed)) * 10_000;
    console.log(
      `heap growth in the load phase: ${(heapGrowthBytes / 2 ** 20).toFixed(0)} MB, ${(perTenK / 2 ** 20).toFixed(1)} MB per 10k verifications${heapGcExact ? ' (after a full gc)' : ' (including garbage; run node with --expose-gc for the live figure)'}`,
    );
    const limit = process.env.LOOKUP_RATE_PER_INSTITUTION ?? '50 (default)';
    console.log(
      `lookups deferred by the national-system guard: ${deferred.sessions.size} sessions, ${deferred.retries} retry events (LOOKUP_RATE_PER_INSTITUTION ${limit}/s × ${new Set(plan.sites.map((s) => s.institutionNumber)).size} institutions)`,
    );
    if (options.cpuProfileFile) console.log(`CPU profile of the load phase: ${options.cpuProfileFile}`);
    console.log(`EMBEDDED_LOAD ${JSON.stringify(report)}`);
  } finally {
    await platform.stop();
  }
}
