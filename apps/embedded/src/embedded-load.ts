import { EligibilityRetryV1, SessionCompletedV2, SessionCompletedV3, SessionCompletedV4 } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { OpenSessionHandler, PresentVoucherHandler, SubmitCardReadHandler } from '@hcv/card-session-service';
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
 * Prints progress every second, the report, and one `EMBEDDED_LOAD {json}` line for scripts (the
 * report and `cpuMillis`, the process's CPU time in the load phase).
 */
export async function runEmbeddedLoad(options: {
  logger: Logger;
  seed: number;
  rate: number;
  durationSeconds: number;
  maxInFlight?: number;
  simulatorLatencyMillis?: number;
  /**
   * Without HTTP: each visit's device requests (open, card read, voucher) are card-session's use
   * cases called in process, so the figure is the event pipeline's own (five modules, in-process
   * bus, memory stores). Every visit is a live card read, so every one goes through the lookup.
   */
  direct?: boolean;
  /** Writes a V8 CPU profile of the load phase only (not the seeding) to this file. */
  cpuProfileFile?: string;
  /** Writes a sampling heap profile of the load phase (every allocation sampled, collected ones included) to this file. */
  heapProfileFile?: string;
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
          // v4 is what card-session publishes; v3 and v2 stay read for events already on the topic
          on(SessionCompletedV4, async (event) => feed.completed(event.data.sessionId, event.data.outcome)),
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
      // Direct runs go faster than HTTP ones: more devices, so free devices do not cap the rate.
      devicesPerSite: options.direct ? 40 : 20,
      visits: Math.ceil(options.rate * options.durationSeconds * 1.1) + 100,
      checkupDate,
      // 資格確認限定型 reads cards online only: a direct run's visits are live card reads (no alternatives, no captures).
      ...(options.direct ? { mix: { alternative: 0, captured: 0 } } : {}),
    });
    const cardSession = platform.apps['card-session'];
    const [open, read, present] = [
      cardSession.get(OpenSessionHandler),
      cardSession.get(SubmitCardReadHandler),
      cardSession.get(PresentVoucherHandler),
    ];
    // What the device API's three requests do, without HTTP (the requests are the driver's, already valid).
    const startVisit: VisitStarter = async (visit, deviceId, o) => {
      const { sessionId } = await open.execute({ deviceId, purpose: visit.purpose, checkupDate: o.checkupDate }, undefined);
      const visual = visit.method === 'card-visual';
      await read.execute(
        sessionId,
        visual
          ? { identityCheck: 'visual', checkedBy: 'desk-staff', cardReference: visit.cardReference }
          : { identityCheck: 'pin', pinVerified: true, cardReference: visit.cardReference },
        deviceId,
      );
      await present.execute(sessionId, visit.voucher, deviceId);
      return sessionId;
    };
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
    const profiler = new LoadPhaseProfiler(options.cpuProfileFile, options.heapProfileFile);
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
    if (options.heapProfileFile) console.log(`heap allocation profile of the load phase: ${options.heapProfileFile}`);
    console.log(`EMBEDDED_LOAD ${JSON.stringify({ ...report, cpuMillis })}`);
  } finally {
    await platform.stop();
  }
}
