import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { EligibilityRequestedV4, QualificationResolvedV3, VerificationOutcomeV4, type ServiceName } from '@hcv/contracts';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { planFederation, PlatformClient, seedFederation, waitForDevices, type VisitPlan } from '@hcv/federation-driver';
import {
  CARD_VERIFICATION_TRAIL,
  consumerGroupMembers,
  startPlatformProcesses,
  startServiceProcess,
  temporaryFolder,
  testStaffTokens,
  waitFor,
  type ServiceProcess,
} from '@hcv/testing';
import { checkOutcomes } from '../faults/support/outcome-check';
import { SteadyLoad, type Verification } from '../faults/support/steady-load';

/**
 * Scale-out: two processes of EACH consumer service (card-session, qualification-lookup,
 * voucher-matching, audit) on one broker and one database, each pair in its service's consumer
 * groups and sharing its database. The topics have several partitions keyed by session, so each
 * group splits them: each instance handles some of the sessions, every session's hop is handled by
 * exactly one (seen in each instance's exported consumer spans), and the fault suite's check holds —
 * every accepted verification has exactly one outcome (audit store and topic), one complete audit
 * trail, none lost, and the audit hash chains (written by both audit instances) verify. The same
 * voucher presented at two sites at the same moment is still used once, whichever voucher-matching
 * instances take the two claims.
 *
 * The second instance of each runs two members of each key-ordered group (KAFKA_GROUP_MEMBERS=2,
 * each member its own consumer and fetch loop), the first one (the default): each such group has
 * three members, one per partition, and the same checks hold — with every session's audit trail
 * in the flow's order.
 */
const SEED = 9191;
const POPULATION = 300;
const RATE_PER_SECOND = 4;
const LOAD_MILLIS = 12_000;

jest.setTimeout(480_000);

/** The event each service's instances split by partition: the hop it consumes (any version). */
const HOP: Record<string, RegExp> = {
  'qualification-lookup': /^process eligibility\.requested\.v\d+$/,
  'voucher-matching': /^process qualification\.resolved\.v\d+$/,
  'card-session': /^process verification\.outcome\.v\d+$/,
  audit: /^process session\.completed\.v\d+$/,
};
const CONSUMERS = Object.keys(HOP) as ServiceName[];
const TRAIL = new Set<string>(CARD_VERIFICATION_TRAIL);
/** Members per process of each key-ordered group: the first instance's (default), the second's. */
const MEMBERS = [1, 2] as const;
/** Each service's key-ordered group and one of its topics (KAFKA_GROUP_MEMBERS applies to these; audit's group is ordered by partition). */
const KEY_ORDERED: { service: ServiceName; group: string; topic: string }[] = [
  { service: 'qualification-lookup', group: 'qualification-lookup.resolve', topic: EligibilityRequestedV4.topic },
  { service: 'voucher-matching', group: 'voucher-matching.match', topic: QualificationResolvedV3.topic },
  { service: 'card-session', group: 'card-session.outcomes', topic: VerificationOutcomeV4.topic },
];

interface Handled {
  sessions: string[];
  partitions: Set<string>;
}

/** Correlation ids (= session ids) and partitions of the hop's messages an instance handled. */
function handled(spansFile: string, hop: RegExp): Handled {
  const spans = existsSync(spansFile)
    ? readFileSync(spansFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { name: string; attributes: Record<string, unknown> })
        .filter((span) => hop.test(span.name))
    : [];
  return {
    sessions: spans.map((span) => String(span.attributes['hcv.correlation_id'])),
    partitions: new Set(
      spans.map((span) => `${span.name.slice('process '.length)}:${String(span.attributes['messaging.destination.partition.id'])}`),
    ),
  };
}

describe('two instances of each consumer service', () => {
  const workDir = temporaryFolder('e2e-scale');
  const secondDir = temporaryFolder('e2e-scale-2');
  const databasePrefix = `e2e_scale_${randomUUID().slice(0, 8)}`;
  const env = { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: String(POPULATION), AUDIT_PII_KEY: 'e2e-test-key' };
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: SEED, population: POPULATION, facilities: 2, buses: 0, devicesPerSite: 6, visits: 200, checkupDate });
  const people = generatePopulation({ seed: SEED, size: POPULATION });
  const eligible = (v: VisitPlan) =>
    v.scenario === 'regular' && people.some((p) => p.cardReference === v.cardReference && !p.duplicated && !p.qualification.lostOn);
  let processes: ServiceProcess[] = [];
  const pairs = new Map<ServiceName, [ServiceProcess, ServiceProcess]>();
  let client: PlatformClient;
  let auditUrl: string;
  /** Every verification of both cases, checked together at the end. */
  const verifications: Verification[] = [];

  beforeAll(async () => {
    const platform = await startPlatformProcesses({ workDir, databasePrefix, env });
    processes = [...platform.processes];
    // Same service, same database, same consumer groups; its own port, logs and spans.
    const seconds = await Promise.all(
      CONSUMERS.map((service) =>
        startServiceProcess({ service, workDir: secondDir, databasePrefix, env: { ...env, KAFKA_GROUP_MEMBERS: String(MEMBERS[1]) } }),
      ),
    );
    processes.push(...seconds);
    for (const second of seconds) pairs.set(second.service, [processes.find((p) => p.service === second.service)!, second]);
    auditUrl = platform.url('audit');
    client = new PlatformClient(
      {
        deviceRegistry: platform.url('device-registry'),
        cardSession: platform.url('card-session'),
        voucherMatching: platform.url('voucher-matching'),
        audit: auditUrl,
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

  it('uses a voucher once when it is presented at two sites at the same moment', async () => {
    const [siteA, siteB] = plan.sites;
    const claims = plan.visits.slice(150).filter(eligible).slice(0, 10);
    expect(claims).toHaveLength(10);
    const [vm1, vm2] = pairs.get('voucher-matching')!;
    // The pairs can only race across the two processes once both hold partitions of the hop (the
    // second instance's join rebalances the group; until then one instance decides every claim):
    // every key-ordered group has each instance's members (1 + 2), each holding one of the three
    // partitions — the second process's setting reached it.
    const members = MEMBERS[0] + MEMBERS[1];
    for (const { group, topic } of KEY_ORDERED)
      await waitFor(
        async () => {
          const now = await consumerGroupMembers(group, topic);
          return now.length === members && now.every((m) => m.partitions.length === 1);
        },
        90_000,
        `${group}: ${members} members (${MEMBERS.join(' + ')}), each holding one ${topic} partition`,
      );
    let crossed = 0;
    for (const visit of claims) {
      const startedAt = Date.now();
      const sessions = await Promise.all(
        [siteA!.devices[0]!, siteB!.devices[0]!].map(async (deviceId) => {
          const opened = await client.openSession({ deviceId, purpose: visit.purpose, checkupDate });
          await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: true, cardReference: visit.cardReference });
          return { deviceId, sessionId: opened.sessionId };
        }),
      );
      // Both sites present the voucher together.
      await Promise.all(sessions.map(({ sessionId }) => client.presentVoucher(sessionId, visit.voucher)));
      const acceptedAt = Date.now();
      const outcomes = await Promise.all(sessions.map(({ sessionId }) => client.waitForOutcome(sessionId, 90_000)));
      expect(outcomes.map((o) => o.outcome?.kind).sort()).toEqual(['matched', 'voucher-already-used']);
      for (const [i, { deviceId, sessionId }] of sessions.entries())
        verifications.push({
          visit,
          deviceId,
          sessionId,
          startedAt,
          acceptedAt,
          completedAt: Date.now(),
          outcome: outcomes[i]!.outcome?.kind,
        });
      let h = { first: [] as string[], second: [] as string[] };
      await waitFor(
        () => {
          h = {
            first: handled(vm1.spansFile, HOP['voucher-matching']!).sessions,
            second: handled(vm2.spansFile, HOP['voucher-matching']!).sessions,
          };
          return outcomes.every((o) => h.first.includes(o.correlationId) || h.second.includes(o.correlationId));
        },
        15_000,
        'the consumer spans of both sessions',
      );
      const instances = outcomes.map((o) => (h.first.includes(o.correlationId) ? 1 : 2));
      if (instances[0] !== instances[1]) crossed++;
    }
    console.log(`single use: ${claims.length} vouchers presented twice at once, ${crossed} pairs decided by two different instances`);
    // At least one pair's two claims raced across the two processes (the rest raced within one).
    expect(crossed).toBeGreaterThan(0);
  });

  it('splits every consumer service’s partitions between its two instances and keeps the fault suite’s guarantees', async () => {
    const visits = plan.visits.slice(0, 150);
    let next = 0;
    const load = new SteadyLoad(client, {
      nextVisit: () => visits[next++],
      // The first device of each site took part in the voucher races; the others drive the load.
      devices: plan.sites.flatMap((s) => s.devices.slice(1)),
      ratePerSecond: RATE_PER_SECOND,
      checkupDate,
      cardSessionUrl: () => pairs.get('card-session')![0].url,
      pollMillis: 250,
    });
    load.start();
    await new Promise((r) => setTimeout(r, LOAD_MILLIS));
    load.stopArrivals();
    expect(await load.settle(120_000)).toBe(true);
    await load.close();
    expect(load.figures().refused).toBe(0);
    verifications.push(...load.verifications);

    const check = await checkOutcomes({ client, auditUrl, brokers: process.env.KAFKA_BROKERS!.split(','), verifications });
    expect(check.accepted).toBe(verifications.length);
    expect(check.lost).toEqual([]);
    expect(check.duplicated).toEqual([]);
    expect(check.incompleteTrails).toEqual({});
    expect(check.chain.ok).toBe(true);
    // Order per session: each trail (by event time) is the flow's events in the flow's order.
    const accepted = verifications.filter((v) => v.acceptedAt !== undefined).map((v) => v.sessionId!);
    const outOfOrder: string[] = [];
    for (const sessionId of accepted) {
      const types = (await client.auditTrail(sessionId)).events.map((e) => e.type).filter((t) => TRAIL.has(t));
      if (types.join() !== CARD_VERIFICATION_TRAIL.join()) outOfOrder.push(`${sessionId}: ${types.join(' → ')}`);
    }
    expect(outOfOrder).toEqual([]);

    // Each session's hop handled by exactly one instance of each service, each instance some of them.
    const sessions = verifications.map((v) => v.sessionId!);
    const lines: string[] = [];
    for (const service of CONSUMERS) {
      const [first, second] = pairs.get(service)!;
      let one: Handled = { sessions: [], partitions: new Set() };
      let two: Handled = one;
      // The spans are exported in batches: wait until every session's hop is in one of the files.
      await waitFor(
        () => {
          one = handled(first.spansFile, HOP[service]!);
          two = handled(second.spansFile, HOP[service]!);
          return sessions.every((s) => one.sessions.includes(s) || two.sessions.includes(s));
        },
        15_000,
        `the ${service} consumer spans of every session`,
      );
      const all = [...one.sessions, ...two.sessions];
      lines.push(
        `${service}: instance 1 handled ${one.sessions.length} sessions on ${[...one.partitions].sort().join(' ')}, ` +
          `instance 2 ${two.sessions.length} on ${[...two.partitions].sort().join(' ')}`,
      );
      expect(one.sessions.length).toBeGreaterThan(0);
      expect(two.sessions.length).toBeGreaterThan(0);
      const notOnce = sessions.filter((s) => all.filter((x) => x === s).length !== 1);
      expect(`${service}: ${notOnce.length} sessions not handled exactly once`).toBe(`${service}: 0 sessions not handled exactly once`);
    }
    console.log(`scale-out: ${sessions.length} verifications; ${lines.join('; ')}`);
  });
});
