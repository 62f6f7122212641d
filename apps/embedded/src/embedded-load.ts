import { SessionCompletedV2 } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { formatProgress, formatReport, OutcomeFeed, planLoad, PlatformClient, runLoad, seedFederation, waitForDevices } from '@hcv/federation-driver';
import { InMemoryProcessedEventLog, on } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/staff-auth';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPlatform } from './embedded-platform';

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
}): Promise<void> {
  const population = 5_000;
  const feed = new OutcomeFeed();
  const secret = randomBytes(32).toString('base64url');
  const platform = await startEmbeddedPlatform({
    logger: options.logger,
    simulator: new EligibilitySimulator({ seed: options.seed, size: population, latencyMillis: options.simulatorLatencyMillis ?? 0 }),
    staffTokens: new StaffTokenVerifier(secret),
    subscriptions: [
      {
        groupId: 'embedded.load-driver',
        processedLog: new InMemoryProcessedEventLog(),
        handlers: [on(SessionCompletedV2, async (event) => feed.completed(event.data.sessionId, event.data.outcome))],
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
    });
    await seedFederation(client, plan);
    await platform.bus.idle();
    await waitForDevices(client, plan.sites.flatMap((s) => s.devices), { checkupDate });
    await platform.bus.idle();
    console.log(`Embedded load: ${options.rate}/s for ${options.durationSeconds} s over ${plan.sites.length} sites, ${plan.vouchers.length} vouchers`);
    const report = await runLoad(client, plan, {
      rate: options.rate,
      durationSeconds: options.durationSeconds,
      checkupDate,
      seed: options.seed,
      awaitOutcome: feed.awaitOutcome,
      ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
      onProgress: (p) => console.log(formatProgress(p)),
    });
    console.log(formatReport(report));
    console.log(`EMBEDDED_LOAD ${JSON.stringify(report)}`);
  } finally {
    await platform.stop();
  }
}
