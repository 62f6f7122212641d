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
 * Outcome rollups kept incrementally over the real broker and database,
 * compared with a recomputation from the raw events in this test: per day (JST) × institution ×
 * site × insurer × method × purpose × outcome, counts and time-to-outcome mean and histogram. Events
 * arrive shuffled across topics, some twice (redelivery); every session counts exactly once.
 */
jest.setTimeout(180_000);

const OUTCOMES = ['matched', 'member-mismatch', 'voucher-not-found', 'eligibility-lost', 'not-contracted'] as const;
const PURPOSES = ['specific-checkup', 'specific-guidance', 'comprehensive-checkup'] as const;
const METHODS = ['mynumber-card', 'mynaportal-screen', 'eligibility-certificate'] as const;
const INSTITUTIONS = ['1311234569', '2711234563'];
const INSURERS = ['06139018', '138057', undefined];

/** A small deterministic generator so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x6d2b79f5) >>> 0) / 2 ** 32;
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
    service = await startInProcessService({
      service: 'audit',
      database: `int_rollup_${run}`,
      module: (runtime) => AuditModule.register(runtime, { piiKey: `k-${run}` }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'rollup-test',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
    });
    await bus.start();
    const publisher = bus.publisher('card-session');
    const sends: (() => Promise<unknown>)[] = [];
    for (const s of sessions) {
      const ctx = { correlationId: randomUUID(), subject: s.sessionId };
      const send =
        <C extends EventContract>(contract: C, data: unknown) =>
        () =>
          publisher.publish(contract, data as never, ctx);
      const request = {
        sessionId: s.sessionId,
        institutionNumber: s.institutionNumber,
        siteId: s.siteId,
        purpose: s.purpose,
        checkupDate: '2026-11-24',
        voucherNumber: '12345678901',
      };
      if (s.method === 'mynumber-card') {
        sends.push(
          send(SessionOpenedV1, {
            sessionId: s.sessionId,
            deviceId: 'dev-1',
            institutionNumber: s.institutionNumber,
            siteId: s.siteId,
            purpose: s.purpose,
            checkupDate: '2026-11-24',
            openedAt: s.decidedAt,
          }),
        );
        sends.push(send(SessionCardReadV1, { sessionId: s.sessionId, identityCheck: 'pin', readAt: s.decidedAt }));
      } else {
        sends.push(
          send(SessionOpenedV1, {
            sessionId: s.sessionId,
            deviceId: 'dev-1',
            institutionNumber: s.institutionNumber,
            siteId: s.siteId,
            purpose: s.purpose,
            checkupDate: '2026-11-24',
            openedAt: s.decidedAt,
          }),
        );
        sends.push(send(SessionMethodRecordedV1, { sessionId: s.sessionId, method: s.method, capturedAt: s.decidedAt }));
        sends.push(
          send(QualificationTranscribedV1, {
            request,
            method: s.method,
            eligibility: { insurerNumber: s.insurerNumber ?? '06139018', symbol: '1', number: '2', name: '試験', birthDate: '1970-01-01' },
            transcribedAt: s.decidedAt,
          }),
        );
        s.insurerNumber ??= '06139018';
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
      sends.push(
        send(SessionCompletedV2, { sessionId: s.sessionId, outcome: s.outcome, completedAt: s.decidedAt, elapsedMillis: s.elapsedMillis }),
      );
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
  // The recomputation compares exact counts: an operator's export (an analyst's hides cells under 5 people).
  const exportRows = async (query: string, role: 'analyst' | 'operator' = 'operator') => {
    const response = await fetch(`${service.url}/analytics/outcomes?${query}`, { headers: asStaff(role) });
    return ((await response.json()) as { rows: Row[] }).rows.filter((r) => sites.includes(String(r.siteId)));
  };

  it('equals the recomputation from the raw events, cell by cell', async () => {
    await waitFor(
      async () => (await exportRows('from=2026-11-24&to=2026-11-25')).reduce((n, r) => n + Number(r.count), 0) >= sessions.length,
      90_000,
      'all sessions counted',
    );
    const rows = await exportRows('from=2026-11-24&to=2026-11-25');

    // The test's own histogram: upper bounds (inclusive) of the export's buckets, the last one open.
    const BOUNDS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
    const LABELS = [...BOUNDS.map((b) => `le${b}`), 'gt60000'];
    const bucketIndex = (ms: number) => {
      const i = BOUNDS.findIndex((b) => ms <= b);
      return i === -1 ? BOUNDS.length : i;
    };
    const expected = new Map<string, { count: number; total: number; buckets: number[] }>();
    for (const s of sessions) {
      const day = new Date(Date.parse(s.decidedAt) + 9 * 3600_000).toISOString().slice(0, 10);
      const key = [day, s.institutionNumber, s.siteId, s.insurerNumber ?? '-', s.method, s.purpose, s.outcome].join('|');
      const e = expected.get(key) ?? { count: 0, total: 0, buckets: LABELS.map(() => 0) };
      e.count += 1;
      e.total += s.elapsedMillis;
      e.buckets[bucketIndex(s.elapsedMillis)]! += 1;
      expected.set(key, e);
    }
    const actual = new Map(
      rows.map((r) => [
        [r.day, r.institutionNumber, r.siteId, r.insurerNumber, r.method, r.purpose, r.outcome].join('|'),
        {
          count: Number(r.count),
          total: Math.round(Number(r.meanMillis) * Number(r.count)),
          buckets: LABELS.map((b) => Number(r[b])),
        },
      ]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, e] of expected) {
      const a = actual.get(key)!;
      expect({ key, count: a.count, buckets: a.buckets }).toEqual({ key, count: e.count, buckets: e.buckets });
      expect(Math.abs(a.total - e.total)).toBeLessThanOrEqual(a.count); // mean is rounded to the millisecond
    }
    // both JST days are present (sessions after 15:00Z fall on the 25th)
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2026-11-24', '2026-11-25']));
    // the analyst reads the same cells, those under 5 people as "<5" without their times
    const analyst = await exportRows('from=2026-11-24&to=2026-11-25', 'analyst');
    expect(analyst.map((r) => r.count)).toEqual(rows.map((r) => (Number(r.count) < 5 ? '<5' : r.count)));
    expect(analyst.filter((r) => r.count === '<5').every((r) => r.meanMillis === null)).toBe(true);
    expect(analyst.some((r) => r.count === '<5')).toBe(true);
  });

  it('counts a redelivered event once', async () => {
    const s = sessions[0]!;
    const total = async () => (await exportRows('from=2026-11-24&to=2026-11-25')).reduce((n, r) => n + Number(r.count), 0);
    const before = await total();
    const publisher = bus.publisher('card-session');
    // A marker session at a site of its own, complete but for its completion.
    const marker = randomUUID();
    const markerSite = `rm-${run}`;
    const markerCtx = { correlationId: randomUUID(), subject: marker };
    await publisher.publish(
      SessionOpenedV1,
      {
        sessionId: marker,
        deviceId: 'dev-1',
        institutionNumber: INSTITUTIONS[0]!,
        siteId: markerSite,
        purpose: 'specific-checkup',
        checkupDate: '2026-11-24',
        openedAt: '2026-11-24T14:30:00Z',
      },
      markerCtx,
    );
    await publisher.publish(SessionCardReadV1, { sessionId: marker, identityCheck: 'pin', readAt: '2026-11-24T14:30:00Z' }, markerCtx);
    await publisher.publish(
      VerificationOutcomeV2,
      {
        sessionId: marker,
        institutionNumber: INSTITUTIONS[0]!,
        siteId: markerSite,
        voucherNumber: '12345678901',
        outcome: 'matched',
        reason: 'test',
        decidedAt: '2026-11-24T14:30:00Z',
      },
      markerCtx,
    );
    // The same facts again under a new event id (what a producer retry after a crash looks like),
    // then the marker's completion under the SAME key: same partition, handled after the duplicate.
    const ctx = { correlationId: randomUUID(), subject: s.sessionId };
    await publisher.publish(
      SessionCompletedV2,
      { sessionId: s.sessionId, outcome: s.outcome, completedAt: s.decidedAt, elapsedMillis: s.elapsedMillis },
      ctx,
    );
    await publisher.publish(
      SessionCompletedV2,
      { sessionId: marker, outcome: 'matched', completedAt: '2026-11-24T14:30:01Z', elapsedMillis: 1000 },
      ctx,
    );
    const markerCount = async () => {
      const response = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25&siteId=${markerSite}`, {
        headers: asStaff('operator'),
      });
      return ((await response.json()) as { rows: Row[] }).rows.reduce((n, r) => n + Number(r.count), 0);
    };
    await waitFor(async () => (await markerCount()) === 1, 60_000, 'the marker session counted (so the duplicate was handled before it)');
    expect(await total()).toBe(before);
  });

  it('exports CSV without personal data, and refuses bad ranges and wrong roles', async () => {
    const response = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25&format=csv&siteId=${sites[0]}`, {
      headers: asStaff('analyst'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('outcomes_2026-11-24_2026-11-25.csv');
    const csv = await response.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^day,institutionNumber,onlineEligibilityCode,siteId,insurerNumber,method,purpose,source,outcome,count,settled,/,
    );
    expect(lines.length - 1).toBe((await exportRows(`from=2026-11-24&to=2026-11-25&siteId=${sites[0]}`)).length);
    for (const s of sessions) expect(csv).not.toContain(s.sessionId);
    expect(csv).not.toContain('試験');
    const bad = await fetch(`${service.url}/analytics/outcomes?from=2026-11-25&to=2026-11-24`, { headers: asStaff('analyst') });
    expect(bad.status).toBe(400);
    const tooLong = await fetch(`${service.url}/analytics/outcomes?from=2024-01-01&to=2026-11-24`, { headers: asStaff('analyst') });
    expect(tooLong.status).toBe(400);
    const auditor = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25`, { headers: asStaff('auditor') });
    expect(auditor.status).toBe(403);
    // a site manager: their own site only, and must name it
    const own = await fetch(`${service.url}/analytics/outcomes?from=2026-11-24&to=2026-11-25&siteId=${sites[0]}`, {
      headers: asStaff('site-manager', [sites[0]!]),
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { rows: Row[] }).rows.every((r) => r.siteId === sites[0])).toBe(true);
    for (const query of [`siteId=${sites[1]}&`, '']) {
      const other = await fetch(`${service.url}/analytics/outcomes?${query}from=2026-11-24&to=2026-11-25`, {
        headers: asStaff('site-manager', [sites[0]!]),
      });
      expect(other.status).toBe(403);
      expect(((await other.json()) as { error: { code: string } }).error.code).toBe('site-not-permitted');
    }
  });
});
