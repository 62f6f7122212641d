// The lookup-record port's behaviour as one list of cases, run on both adapters: the memory one
// (lookup-record.memory.unit.spec.ts) and the MongoDB one (lookup-record.mongo.int.spec.ts).
// Not a test file by itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import { toOutboxEntry, type OutboxEntry } from '@hcv/persistence';
import type { LookupRecord, LookupRecordRepository } from './lookup-record.repository';

export interface LookupRecordRepositoryUnderTest {
  repo: LookupRecordRepository;
  cleanup?: () => Promise<void>;
}

const anEligibleRecord = (sessionId: string): LookupRecord => ({
  sessionId,
  institutionNumber: '1311234569',
  status: 'eligible',
  insurerNumber: '06139018',
  upstreamMillis: 12,
  resolvedAt: '2026-11-24T09:00:00.000Z',
});

const anEntry = (sessionId: string, stagedAt = '2026-11-24T09:00:00.000Z'): OutboxEntry =>
  toOutboxEntry(
    { topic: 'qualification.resolved.v1', eventId: randomUUID(), key: sessionId, value: '{}', headers: {} },
    new Date(stagedAt),
  );

export function lookupRecordRepositoryContract(adapter: string, make: () => Promise<LookupRecordRepositoryUnderTest>): void {
  describe(`lookup records (${adapter})`, () => {
    let subject: LookupRecordRepositoryUnderTest;
    let repo: LookupRecordRepository;
    // Fresh ids per case: an adapter may share one database between cases.
    let sessionId: string;
    beforeEach(async () => {
      subject = await make();
      repo = subject.repo;
      sessionId = randomUUID();
    });
    afterEach(async () => subject.cleanup?.());

    it('keeps one record per session: a redelivered request cannot answer it a second time', async () => {
      const record = anEligibleRecord(sessionId);
      expect(await repo.save(record)).toBe(true);
      expect(await repo.save({ ...record, upstreamMillis: 15 })).toBe(false);
      expect(await repo.get(sessionId)).toEqual(record);
    });

    it('answers saved together (one consumer batch) are each answered on their own; a session answered twice among them keeps the first', async () => {
      const other = randomUUID();
      const [first, second, third] = [anEntry(sessionId), anEntry(sessionId), anEntry(other)];
      const answers = await Promise.all([
        repo.save(anEligibleRecord(sessionId), [first]),
        repo.save({ ...anEligibleRecord(sessionId), upstreamMillis: 15 }, [second]),
        repo.save(anEligibleRecord(other), [third]),
      ]);
      expect(answers).toEqual([true, false, true]);
      expect(await repo.get(sessionId)).toEqual(anEligibleRecord(sessionId));
      expect((await repo.outbox.entriesOf(sessionId)).map((e) => e.eventId)).toEqual([first.eventId]);
      expect((await repo.outbox.entriesOf(other)).map((e) => e.eventId)).toEqual([third.eventId]);
    });

    it('answers null for a session never answered', async () => {
      expect(await repo.get(sessionId)).toBeNull();
    });

    it('keeps an answer without a qualification without an insurer', async () => {
      const record: LookupRecord = {
        sessionId,
        institutionNumber: '1311234569',
        status: 'not-found',
        upstreamMillis: 3,
        resolvedAt: '2026-11-24T09:00:00.000Z',
      };
      await repo.save(record);
      const stored = await repo.get(sessionId);
      expect(stored).toEqual(record);
      expect(Object.keys(stored!).sort()).toEqual(['institutionNumber', 'resolvedAt', 'sessionId', 'status', 'upstreamMillis']);
    });

    it('keeps the events of the first answer in its outbox until they are sent, and never shows them in a read', async () => {
      const first = anEntry(sessionId);
      expect(await repo.save(anEligibleRecord(sessionId), [first])).toBe(true);
      expect(await repo.save(anEligibleRecord(sessionId), [anEntry(sessionId)])).toBe(false); // the second answer's event is not kept
      expect(await repo.outbox.pending('2026-11-24T09:00:01.000Z', 1_000)).toContain(sessionId);
      expect(await repo.outbox.pending('2026-11-24T08:59:59.000Z', 1_000)).not.toContain(sessionId); // within the grace period
      expect((await repo.outbox.entriesOf(sessionId)).map((e) => e.eventId)).toEqual([first.eventId]);
      // Asked again before it was sent (a failed send), the entry is still there: an answer kept in memory loses nothing.
      expect(await repo.outbox.entriesOf(sessionId)).toEqual([first]);
      expect(await repo.get(sessionId)).not.toHaveProperty('outbox');

      await repo.outbox.markSent(sessionId, [first.eventId]);
      expect(await repo.outbox.entriesOf(sessionId)).toEqual([]);
      expect(await repo.outbox.pending('2026-11-24T09:00:01.000Z', 1_000)).not.toContain(sessionId);
      expect(await repo.get(sessionId)).toEqual(anEligibleRecord(sessionId)); // the record stays
    });
  });
}
