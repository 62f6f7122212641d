import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  QualificationTranscribedV1,
  SessionCardReadV1,
  SessionCompletedV2,
  SessionMethodRecordedV1,
  SessionOpenedV1,
  VerificationOutcomeV2,
  type EventContract,
} from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { KafkaMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { asStaff, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * Outcome rollups (issue 5, requirement 6) kept incrementally over the real broker and database,
 * compared with a recomputation from the raw events in this test: per day (JST) × institution ×
 * site × insurer × method × purpose × outcome, counts and time-to-outcome mean and histogram. Events
 * arrive shuffled across topics, some twice (redelivery); every session counts exactly once.
 */
jest.setTimeout(180_000);

const OUTCOMES = ['matched', 'member-mismatch', 'voucher-not-found', 'eligibility-lost', 'not-contracted'] as const;
const PURPOSES = ['specific-checkup', 'specific-guidance', 'comprehensive-checkup'] as const;
const METHODS = ['mynumber-card', 'mynaportal-screen', 'eligibility-certificate'] as const;
const INSTITUTIONS = ['1311234567', '2711234561'];
const INSURERS = ['06139012', '138057', undefined];

/** A small deterministic generator so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

interface Planned {
  sessionId: string;
  institutionNumber: string;
  siteId: string;
  insurerNumber?: string;
  method: (typeof METHODS)[number];
  purpose: (typeof PURPOSES)[number];
  outcome: (typeof OUTCOMES)[number];
  decidedAt: string;
  elapsedMillis: number;
}

describe('analytics rollups against a recomputation from raw events (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const random = rng(20240131);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const logger = createLogger({ service: 'test', level: 'error' });
  const sites = [`ra-${run}`, `rb-${run}`, `rc-${run}`];
  let service: InProcessService;
  let bus: KafkaMessageBus;
  // Around the JST midnight so the day boundary matters: 2026-11-24T14:00Z .. 16:00Z.
  const base = Date.parse('2026-11-24T14:00:00Z');
  const sessions: Planned[] = Array.from({ length: 80 }, () => ({
    sessionId: randomUUID(),
    institutionNumber: pick(INSTITUTIONS),
    siteId: pick(sites),
    insurerNumber: pick(INSURERS),
    method: pick(METHODS),
    purpose: pick(PURPOSES),
    outcome: pick(OUTCOMES),
    decidedAt: new Date(base + Math.floor(random() * 7_200_000)).toISOString(),
    elapsedMillis: Math.floor(random() * random() * 20_000),
  }));

  beforeAll(async () => {
    service = await startInProcessService({ service: 'audit', database: `int_rollup_${run}`, module: (runtime) => AuditModule.register(runtime, { piiKey: `k-${run}` }) });
    bus = new KafkaMessageBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'rollup-test', logger, contracts: ALL_EVENT_CONTRACTS });
    await bus.start();
    const publisher = bus.publisher('card-session');
    const sends: (() => Promise<unknown>)[] = [];
    for (const s of sessions) {
      const ctx = { correlationId: randomUUID(), subject: s.sessionId };
      const send = <C extends EventContract>(contract: C, data: unknown) => () => publisher.publish(contract, data as never, ctx);
      const request = { sessionId: s.sessionId, institutionNumber: s.institutionNumber, siteId: s.siteId, purpose: s.purpose, checkupDate: '2026-11-24', voucherNumber: '12345678901' };
      if (s.method === 'mynumber-card') {
        sends.push(send(SessionOpenedV1, { sessionId: s.sessionId, deviceId: 'dev-1', institutionNumber: s.institutionNumber, siteId: s.siteId, purpose: s.purpose, checkupDate: '2026-11-24', openedAt: s.decidedAt }));
        sends.push(send(SessionCardReadV1, { sessionId: s.sessionId, identityCheck: 'pin', readAt: s.decidedAt }));
      } else {
        sends.push(send(SessionOpenedV1, { sessionId: s.sessionId, deviceId: 'dev-1', institutionNumber: s.institutionNumber, siteId: s.siteId, purpose: s.purpose, checkupDate: '2026-11-24', openedAt: s.decidedAt }));
        sends.push(send(SessionMethodRecordedV1, { sessionId: s.sessionId, method: s.method, capturedAt: s.decidedAt }));
        sends.push(
          send(QualificationTranscribedV1, {
            request,
            method: s.method,
            eligibility: { insurerNumber: s.insurerNumber ?? '06139012', symbol: '1', number: '2', name: '試験', birthDate: '1970-01-01' },
            transcribedAt: s.decidedAt,
          }),
        );
        s.insurerNumber ??= '06139012';
      }
      const outcome = send(VerificationOutcomeV2, {
        sessionId: s.sessionId,
        institutionNumber: s.institutionNumber,
        siteId: s.siteId,
        voucherNumber: '12345678901',
        outcome: s.outcome,
        reason: 'test',
        ...(s.insurerNumber ? { insurerNumber: s.insurerNumber } : {}),
        decidedAt: s.decidedAt,
      });
      sends.push(outcome);
      sends.push(send(SessionCompletedV2, { sessionId: s.sessionId, outcome: s.outcome, completedAt: s.decidedAt, elapsedMillis: s.elapsedMillis }));
    }
    // shuffled: completions may be handled before openings and outcomes
    for (let i = sends.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [sends[i], sends[j]] = [sends[j]!, sends[i]!];
    }
    for (let i = 0; i < sends.length; i += 50) await Promise.all(sends.slice(i, i + 50).map((s) => s()));
  });

  afterAll(async () => {
    await bus?.stop();
    await service?.stop();
  });

  type Row = Record<string, string | number | null>;
  const exportRows = async (query: string, role: 'analyst' | 'operator' = 'analyst') => {
    const response = await fetch(`${service.url}/analytics/outcomes?${query}`, { headers: asStaff(role) });
    return ((await response.json()) as { rows: Row[] }).rows.filter((r) => sites.includes(String(r.siteId)));
  };

  it('equals the recomputation from the raw events, cell by cell', async () => {
    await waitFor(async () => (await exportRows('from=2026-11-24&to=2026-11-25')).reduce((n, r) => n + Number(r.count), 0) >= sessions.length, 90_000, 'all sessions counted');
    const rows = await exportRows('from=2026-11-24&to=2026-11-25');

    const expected = new Map<string, { count: number; total: number; over2000: number }>();
    for (const s of sessions) {
      const day = new Date(Date.parse(s.decidedAt) + 9 * 3600_000).toISOString().slice(0, 10);
      const key = [day, s.institutionNumber, s.siteId, s.insurerNumber ?? '-', s.method, s.purpose, s.outcome].join('|');
      const e = expected.get(key) ?? { count: 0, total: 0, over2000: 0 };
      e.count += 1;
      e.total += s.elapsedMillis;
      if (s.elapsedMillis > 2000) e.over2000 += 1;
      expected.set(key, e);
    }
    const actual = new Map(
      rows.map((r) => [
        [r.day, r.institutionNumber, r.siteId, r.insurerNumber, r.method, r.purpose, r.outcome].join('|'),
        {
          count: Number(r.count),
          total: Math.round(Number(r.meanMillis) * Number(r.count)),
          over2000: ['le5000', 'le10000', 'le30000', 'le60000', 'gt60000'].reduce((n, b) => n + Number(r[b]), 0),
        },
      ]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, e] of expected) {
      const a = actual.get(key)!;
      expect({ key, count: a.count, over2000: a.over2000 }).toEqual({ key, count: e.count, over2000: e.over2000 });
      expect(Math.abs(a.total - e.total)).toBeLessThanOrEqual(a.count); // mean is rounded to the millisecond
    }
    // both JST days are present (sessions after 15:00Z fall on the 25th)
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2026-11-24', '2026-11-25']));
  });

  it('counts a redelivered event once', async () => {
    const s = sessions[0]!;
    const before = (await exportRows('from=2026-11-24&to=2026-11-25')).reduce((n, r) => n + Number(r.count), 0);
    // the same facts again under new event ids (what a producer retry after a crash would look like)
    await bus.publisher('card-session').publish(SessionCompletedV2, { sessionId: s.sessionId, outcome: s.outcome, completedAt: s.decidedAt, elapsedMillis: s.elapsedMillis }, { correlationId: randomUUID(), subject: s.sessionId });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await exportRows('from=2026-11-24&to=2026-11-25')).reduce((n, r) => n + Number(r.count), 0)).toBe(before);
  });

  it('exports CSV without personal data, and refuses bad ranges and wrong roles', async () => {
    const response = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25&format=csv&siteId=${sites[0]}`, { headers: asStaff('analyst') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('outcomes_2026-11-24_2026-11-25.csv');
    const csv = await response.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^day,institutionNumber,siteId,insurerNumber,method,purpose,outcome,count,/);
    expect(lines.length - 1).toBe((await exportRows(`from=2026-11-24&to=2026-11-25&siteId=${sites[0]}`)).length);
    for (const s of sessions) expect(csv).not.toContain(s.sessionId);
    expect(csv).not.toContain('試験');
    const bad = await fetch(`${service.url}/analytics/outcomes?from=2026-11-25&to=2026-11-24`, { headers: asStaff('analyst') });
    expect(bad.status).toBe(400);
    const tooLong = await fetch(`${service.url}/analytics/outcomes?from=2024-01-01&to=2026-11-24`, { headers: asStaff('analyst') });
    expect(tooLong.status).toBe(400);
    const auditor = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25`, { headers: asStaff('auditor') });
    expect(auditor.status).toBe(403);
  });
});
