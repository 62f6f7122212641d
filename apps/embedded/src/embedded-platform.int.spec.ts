import { AuditLedger } from '@hcv/audit-service';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { driveVerification, planFederation, PlatformClient, seedFederation } from '@hcv/federation-driver';
import { createLogger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/platform-access';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPlatform, type EmbeddedPlatform } from './embedded-platform';

/**
 * The embedded mode end to end in one process (in-process bus, memory stores): verifications
 * complete with an outcome, each session's audit trail holds its events in one trace, nothing is
 * dead-lettered, and the audit hash chains still verify (the in-process bus and the memory stores
 * copy less than they did; these are the semantics that must not change with it).
 */
describe('embedded platform', () => {
  const secret = randomBytes(32).toString('base64url'); // a fresh staff-token secret per run
  let platform: EmbeddedPlatform;

  beforeAll(async () => {
    platform = await startEmbeddedPlatform({
      logger: createLogger({ service: 'embedded-test', level: 'error' }),
      // The device-reported source (資格確認限定型), as in production: the driver sends what the national
      // app showed for the simulator's people.
      simulator: new EligibilitySimulator({ seed: 7, size: 300 }),
      staffTokens: new StaffTokenVerifier(secret),
    });
  });
  afterAll(async () => platform?.stop());

  it('completes verifications with outcomes, audit trails and verifiable chains', async () => {
    const client = new PlatformClient(platform.urls, { staffTokens: staffTokensForAllRoles(secret, 'embedded-spec') });
    const checkupDate = new Date().toISOString().slice(0, 10);
    const plan = planFederation({ seed: 7, population: 300, facilities: 2, buses: 1, devicesPerSite: 2, visits: 12, checkupDate });
    await seedFederation(client, plan);
    await platform.bus.idle();

    // A device holds one session at a time: each device's visits in turn, the devices at once.
    const byDevice = new Map<string, typeof plan.visits>();
    for (const visit of plan.visits) byDevice.set(visit.deviceId, [...(byDevice.get(visit.deviceId) ?? []), visit]);
    const results = (
      await Promise.all(
        [...byDevice.values()].map(async (visits) => {
          const done = [];
          for (const visit of visits) done.push(await driveVerification(client, visit, { checkupDate, timeoutMillis: 60_000 }));
          return done;
        }),
      )
    ).flat();
    await platform.bus.idle();

    expect(results.map((r) => r.session.outcome?.kind).filter(Boolean)).toHaveLength(plan.visits.length);
    // every answer came from the device's report (no simulator call)
    expect(results.map((r) => r.session.outcome?.source)).toEqual(plan.visits.map(() => 'online'));
    for (const r of results.slice(0, 3)) {
      const trail = await client.auditTrail(r.session.sessionId);
      expect(trail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['session.opened', 'session.completed']));
      expect(new Set(trail.events.map((e) => e.traceId)).size).toBe(1);
    }
    expect(platform.bus.deadLetters).toEqual([]);
    const report = await platform.apps.audit.get(AuditLedger).verify(checkupDate, checkupDate);
    expect(report.ok).toBe(true);
    expect(report.records).toBeGreaterThan(plan.visits.length * 4);
  }, 120_000);
});
