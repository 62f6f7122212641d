// The decision port's behaviour as one list of cases, run on the memory adapter
// (decision.memory.unit.spec.ts) and on MongoDB (decision.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import type { Decision, DecisionRepository } from './decision.repository';

/** A settleable decision with what a settlement needs: the request and the voucher without 記号・番号. */
const aDecision = (overrides: Partial<Decision> = {}): Decision => {
  const sessionId = overrides.sessionId ?? randomUUID();
  return {
    causationId: randomUUID(),
    sessionId,
    outcome: 'member-mismatch',
    decidedAt: '2026-11-24T09:00:00.000Z',
    request: {
      sessionId,
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId: 'bus-01',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-24',
      voucher: {
        key: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
        voucherKind: 'checkup',
        parts: ['basic', 'detailed'],
        copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
        coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
      },
    },
    source: 'online',
    method: 'mynumber-card',
    verifiedOnline: true,
    comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    contractId: 'collective-A-2026',
    collect: { lines: [{ part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000 }], totalYen: 1000 },
    covers: { parts: ['basic', 'detailed'] },
    ...overrides,
  };
};
const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 'verification.outcome.v2',
  key: 's',
  value: '{}',
  headers: {},
  stagedAt: '2026-11-24T09:00:00.000Z',
});

export function decisionRepositoryContract(make: () => Promise<{ repo: DecisionRepository; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: DecisionRepository) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('records a decision once per request event, with its outcome event in the outbox', () =>
    withRepo(async (repo) => {
      const decision = aDecision();
      expect(await repo.record(decision, [entry('e-1')])).toBe(true);
      expect((await repo.outbox.entriesOf(decision.causationId)).map((e) => e.eventId)).toEqual(['e-1']);
      // Asked again before it was sent (a failed send), the entry is still there: an answer kept in memory loses nothing.
      expect(await repo.outbox.entriesOf(decision.causationId)).toEqual([entry('e-1')]);
    }));

  it('a redelivered request writes nothing: neither the decision again nor another event', () =>
    withRepo(async (repo) => {
      const decision = aDecision();
      await repo.record(decision, [entry('e-1')]);
      expect(await repo.record({ ...decision, outcome: 'voucher-already-used' }, [entry('e-2')])).toBe(false);
      expect((await repo.outbox.entriesOf(decision.causationId)).map((e) => e.eventId)).toEqual(['e-1']);
    }));

  it('decisions recorded together (one consumer batch) are each answered on their own; a request decided twice among them is stored once', () =>
    withRepo(async (repo) => {
      const [a, b] = [aDecision(), aDecision()];
      const answers = await Promise.all([
        repo.record(a, [entry('e-a')]),
        repo.record(b, [entry('e-b')]),
        repo.record({ ...a, outcome: 'voucher-already-used' }, [entry('e-a2')]),
      ]);
      expect(answers).toEqual([true, true, false]);
      expect((await repo.outbox.entriesOf(a.causationId)).map((e) => e.eventId)).toEqual(['e-a']);
      expect((await repo.outbox.entriesOf(b.causationId)).map((e) => e.eventId)).toEqual(['e-b']);
      expect(await repo.latestOfSession(a.sessionId)).toEqual(a);
      // Already decided before the batch: still false, with nothing written.
      expect(await Promise.all([repo.record(b, [entry('e-b2')]), repo.record(aDecision(), [])])).toEqual([false, true]);
      expect((await repo.outbox.entriesOf(b.causationId)).map((e) => e.eventId)).toEqual(['e-b']);
    }));

  it('a sent event leaves the outbox; the decision stays recorded', () =>
    withRepo(async (repo) => {
      const decision = aDecision();
      await repo.record(decision, [entry('e-1')]);
      expect(await repo.outbox.pending('2026-11-24T09:00:00.000Z', 1_000)).toContain(decision.causationId);
      await repo.outbox.markSent(decision.causationId, ['e-1']);
      expect(await repo.outbox.entriesOf(decision.causationId)).toEqual([]);
      expect(await repo.outbox.pending('2026-11-24T09:00:00.000Z', 1_000)).not.toContain(decision.causationId);
      expect(await repo.record(decision, [entry('e-3')])).toBe(false);
    }));

  it('reads back the session’s latest decision as recorded (without its outbox); null for a session without one', () =>
    withRepo(async (repo) => {
      const first = aDecision();
      const later = aDecision({
        sessionId: first.sessionId,
        outcome: 'matched-after-settlement',
        decidedAt: '2026-11-24T09:10:00.000Z',
        settlement: { kind: 'same-person', by: 'op-1', at: '2026-11-24T09:10:00.000Z', reason: '異体字 髙/高' },
      });
      await repo.record(later, [entry('e-2')]);
      await repo.record(first, [entry('e-1')]);
      await repo.record(aDecision({ decidedAt: '2026-11-24T10:00:00.000Z' }), []);
      expect(await repo.latestOfSession(first.sessionId)).toEqual(later);
      expect(await repo.latestOfSession(randomUUID())).toBeNull();
    }));

  it('keeps no 記号・番号, 枝番, member digest or birth date with a decision', () =>
    withRepo(async (repo) => {
      const decision = aDecision();
      await repo.record(decision, []);
      const stored = JSON.stringify(await repo.latestOfSession(decision.sessionId));
      for (const field of ['"symbol"', '"number"', '"branch"', '"member"', '"birthDate"']) expect(stored).not.toContain(field);
    }));

  it('lists the manual-settlement queue: each session’s latest decision awaiting a person, newest first, paged, by site', () =>
    withRepo(async (repo) => {
      const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;
      // this case's own sites: the other cases' decisions (same database) stay out of its queue
      const [bus, hall] = [`q-bus-${randomUUID().slice(0, 8)}`, `q-hall-${randomUUID().slice(0, 8)}`];
      const at$ = (overrides: Partial<Decision>, siteId = bus) => {
        const d = aDecision(overrides);
        return { ...d, request: { ...d.request, sessionId: d.sessionId, siteId } };
      };
      const settledSession = randomUUID();
      const decisions = [
        at$({ decidedAt: at(1), outcome: 'needs-manual-check' }),
        at$({ decidedAt: at(2) }),
        at$({ decidedAt: at(3), outcome: 'matched' }),
        at$({ decidedAt: at(4), sessionId: settledSession }),
        at$({ decidedAt: at(5), sessionId: settledSession, outcome: 'matched-after-settlement' }),
        at$({ decidedAt: at(6) }, hall),
      ];
      for (const d of decisions) await repo.record(d, []);
      const both = [bus, hall];
      const first = await repo.needingSettlement({ limit: 2, siteIds: both });
      expect(first.decisions.map((d) => d.decidedAt)).toEqual([at(6), at(2)]);
      expect(first.decisions[0]).toMatchObject({ outcome: 'member-mismatch', request: { siteId: hall } });
      expect(first.next).toEqual({ decidedAt: at(2), causationId: decisions[1]!.causationId });
      const second = await repo.needingSettlement({ limit: 2, after: first.next!, siteIds: both });
      expect(second.decisions.map((d) => d.decidedAt)).toEqual([at(1)]);
      expect(second.next).toBeUndefined();
      expect((await repo.needingSettlement({ limit: 10, siteIds: [hall] })).decisions.map((d) => d.decidedAt)).toEqual([at(6)]);
      // without a site filter (the central desk) the queue holds them too
      const all = await repo.needingSettlement({ limit: 500 });
      expect(all.decisions.map((d) => d.causationId)).toEqual(
        expect.arrayContaining([decisions[0]!.causationId, decisions[5]!.causationId]),
      );
      expect(all.decisions.map((d) => d.sessionId)).not.toContain(settledSession);
    }));
}
