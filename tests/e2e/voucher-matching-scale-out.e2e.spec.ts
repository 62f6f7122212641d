import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { driveVerification, planFederation, PlatformClient, seedFederation, waitForDevices, type VisitPlan } from '@hcv/federation-driver';
import { startPlatformProcesses, startServiceProcess, temporaryFolder, testStaffTokens, waitFor, type ServiceProcess } from '@hcv/testing';

/**
 * Scale-out: two voucher-matching processes in one consumer group, sharing one database. The
 * qualification.resolved topic has several partitions keyed by session, so the group splits them:
 * each instance handles some of the sessions and every session is handled by exactly one (seen in
 * each instance's exported consumer spans). The same voucher presented at two sites at the same
 * moment is still used once, whichever instances take the two claims.
 */
const SEED = 9191;
const POPULATION = 300;

jest.setTimeout(420_000);

/** Correlation ids (= session ids here) of the qualification.resolved messages (any version) an instance handled. */
function handledSessions(spansFile: string): string[] {
  if (!existsSync(spansFile)) return [];
  return (
    readFileSync(spansFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { name: string; attributes: Record<string, unknown> })
      // every version of qualification.resolved: a session's answer follows its request's version
      .filter((span) => /^process qualification\.resolved\.v\d+$/.test(span.name))
      .map((span) => String(span.attributes['hcv.correlation_id']))
  );
}

describe('two voucher-matching instances', () => {
  const workDir = temporaryFolder('e2e-scale');
  const secondDir = temporaryFolder('e2e-scale-vm2');
  const databasePrefix = `e2e_scale_${randomUUID().slice(0, 8)}`;
  const env = { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: String(POPULATION), AUDIT_PII_KEY: 'e2e-test-key' };
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: SEED, population: POPULATION, facilities: 2, buses: 0, devicesPerSite: 4, visits: 200, checkupDate });
  const people = generatePopulation({ seed: SEED, size: POPULATION });
  const eligible = (v: VisitPlan) =>
    v.scenario === 'regular' && people.some((p) => p.cardReference === v.cardReference && !p.duplicated && !p.qualification.lostOn);
  let processes: ServiceProcess[] = [];
  let client: PlatformClient;
  let first: ServiceProcess;
  let second: ServiceProcess;

  beforeAll(async () => {
    const platform = await startPlatformProcesses({ workDir, databasePrefix, env });
    processes = [...platform.processes];
    first = processes.find((p) => p.service === 'voucher-matching')!;
    // Same service, same database, same consumer group; its own port, logs and spans.
    second = await startServiceProcess({ service: 'voucher-matching', workDir: secondDir, databasePrefix, env });
    processes.push(second);
    client = new PlatformClient(
      {
        deviceRegistry: platform.url('device-registry'),
        cardSession: platform.url('card-session'),
        voucherMatching: first.url,
        audit: platform.url('audit'),
      },
      { staffTokens: testStaffTokens() },
    );
    await seedFederation(client, plan);
    await waitForDevices(
      client,
      plan.sites.flatMap((s) => s.devices),
      { checkupDate },
    );
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  it('splits the sessions between the two instances, each session handled by exactly one', async () => {
    const visits = plan.visits.slice(0, 120);
    const byDevice = new Map<string, VisitPlan[]>();
    for (const v of visits) byDevice.set(v.deviceId, [...(byDevice.get(v.deviceId) ?? []), v]);
    const sessions: string[] = [];
    const handled = () => ({ first: handledSessions(first.spansFile), second: handledSessions(second.spansFile) });
    // Waves of verifications (one per device at a time) until both instances have taken part:
    // the group gives the second instance its partitions once it has joined.
    let wave = 0;
    await waitFor(
      async () => {
        await Promise.all(
          [...byDevice.values()].map(async (own) => {
            const visit = own[wave % own.length]!;
            const result = await driveVerification(client, visit, { checkupDate, timeoutMillis: 90_000 });
            expect(result.session.state).toBe('completed');
            sessions.push(result.session.correlationId);
          }),
        );
        wave++;
        const h = handled();
        return wave >= 3 && h.first.length > 0 && h.second.length > 0 && sessions.every((s) => h.first.includes(s) || h.second.includes(s));
      },
      240_000,
      'both voucher-matching instances to handle sessions',
    );
    const h = handled();
    const all = [...h.first, ...h.second];
    console.log(
      `scale-out: ${sessions.length} sessions in ${wave} waves; instance 1 handled ${h.first.length}, instance 2 handled ${h.second.length}`,
    );
    expect(h.first.length).toBeGreaterThan(0);
    expect(h.second.length).toBeGreaterThan(0);
    // Every session decided once: no session in both instances, none twice in one.
    for (const session of sessions) expect(all.filter((s) => s === session)).toHaveLength(1);
  });

  it('uses a voucher once when it is presented at two sites at the same moment', async () => {
    const [siteA, siteB] = plan.sites;
    const pairs = plan.visits.slice(120).filter(eligible).slice(0, 10);
    expect(pairs).toHaveLength(10);
    let crossed = 0;
    for (const visit of pairs) {
      const results = await Promise.all(
        [siteA!.devices[0]!, siteB!.devices[0]!].map(async (deviceId) => {
          const opened = await client.openSession({ deviceId, purpose: visit.purpose, checkupDate });
          await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: true, cardReference: visit.cardReference });
          return opened.sessionId;
        }),
      );
      // Both sites present the voucher together.
      await Promise.all(results.map((sessionId) => client.presentVoucher(sessionId, visit.voucher)));
      const outcomes = await Promise.all(results.map((sessionId) => client.waitForOutcome(sessionId, 90_000)));
      expect(outcomes.map((o) => o.outcome?.kind).sort()).toEqual(['matched', 'voucher-already-used']);
      let h = { first: [] as string[], second: [] as string[] };
      await waitFor(
        () => {
          h = { first: handledSessions(first.spansFile), second: handledSessions(second.spansFile) };
          return outcomes.every((o) => h.first.includes(o.correlationId) || h.second.includes(o.correlationId));
        },
        15_000,
        'the consumer spans of both sessions',
      );
      const instances = outcomes.map((o) => (h.first.includes(o.correlationId) ? 1 : 2));
      if (instances[0] !== instances[1]) crossed++;
    }
    console.log(`single use: ${pairs.length} vouchers presented twice at once, ${crossed} pairs decided by two different instances`);
    // At least one pair's two claims raced across the two processes (the rest raced within one).
    expect(crossed).toBeGreaterThan(0);
  });
});
