// The decision port's behaviour as one list of cases, run on the memory adapter
// (decision.memory.unit.spec.ts) and on MongoDB (decision.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import type { Decision, DecisionRepository } from './decision.repository';

const aDecision = (): Decision => ({
  causationId: randomUUID(),
  sessionId: randomUUID(),
  outcome: 'matched',
  decidedAt: '2026-11-24T09:00:00.000Z',
});
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
    }));

  it('a redelivered request writes nothing: neither the decision again nor another event', () =>
    withRepo(async (repo) => {
      const decision = aDecision();
      await repo.record(decision, [entry('e-1')]);
      expect(await repo.record({ ...decision, outcome: 'voucher-already-used' }, [entry('e-2')])).toBe(false);
      expect((await repo.outbox.entriesOf(decision.causationId)).map((e) => e.eventId)).toEqual(['e-1']);
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
}
