// The processed-event log's behaviour as one list of cases, run on both twins: the memory log
// (libs/messaging/src/in-memory-processed-event-log.unit.spec.ts) and the MongoDB log
// (libs/persistence/src/mongo-processed-event-log.int.spec.ts). What only one twin does (the memory
// log's bound, the Mongo log's coalesced round trips) stays in that twin's spec.
import { describe, expect, it } from '@jest/globals';
import type { ProcessedEventLog } from '@hcv/messaging';

/**
 * Builds a log for one case. Both twins answer batches too (the Kafka bus asks once per fetched
 * batch), so the contract holds them to `seenMany`/`recordMany` as well.
 */
export type ProcessedEventLogFactory = () => Promise<Required<ProcessedEventLog>>;

let runs = 0;

export function processedEventLogContract(twinName: string, makeLog: ProcessedEventLogFactory): void {
  describe(`ProcessedEventLog (contract) on the ${twinName}`, () => {
    // Group names of their own per case: a twin may share its storage between the logs it builds.
    const groups = () => {
      const run = ++runs;
      return (name: string) => `contract-${run}.${name}`;
    };

    it('has not seen an event its group did not record; recorded, the group sees it, and no other group does', async () => {
      const log = await makeLog();
      const g = groups();
      expect(await log.seen(g('a'), 'x')).toBe(false);
      await log.record(g('a'), 'x');
      expect(await log.seen(g('a'), 'x')).toBe(true);
      expect(await log.seen(g('a'), 'y')).toBe(false);
      expect(await log.seen(g('b'), 'x')).toBe(false);
      await log.recordMany(g('b'), ['y', 'z']);
      expect(await log.seen(g('a'), 'y')).toBe(false);
      expect(await log.seen(g('b'), 'x')).toBe(false);
      expect(await log.seen(g('c'), 'x')).toBe(false);
    });

    it('answers 200 concurrent checks and records each for its own event and group', async () => {
      const log = await makeLog();
      const g = groups();
      const ids = Array.from({ length: 200 }, (_, i) => `evt-${i}`);
      expect(await Promise.all(ids.map((id) => log.seen(g('1'), id)))).toEqual(ids.map(() => false));
      await Promise.all(ids.map((id) => log.record(g('1'), id)));
      expect(await Promise.all(ids.map((id) => log.seen(g('1'), id)))).toEqual(ids.map(() => true));
      expect(await Promise.all(ids.slice(0, 5).map((id) => log.seen(g('2'), id)))).toEqual([false, false, false, false, false]);
      // Half recorded in another group at the same moment as the checks of the other half.
      const [, answers] = await Promise.all([
        Promise.all(ids.filter((_, i) => i % 2 === 0).map((id) => log.record(g('2'), id))),
        Promise.all(ids.filter((_, i) => i % 2 === 1).map((id) => log.seen(g('2'), id))),
      ]);
      expect(answers.every((seen) => seen === false)).toBe(true);
      expect(await Promise.all(ids.map((id) => log.seen(g('2'), id)))).toEqual(ids.map((_, i) => i % 2 === 0));
    });

    it('takes an event recorded twice (a redelivery handled at the same moment, or later) as recorded, without an error', async () => {
      const log = await makeLog();
      const g = groups();
      await log.record(g('3'), 'dup-0');
      await expect(
        Promise.all([log.record(g('3'), 'dup-1'), log.record(g('3'), 'dup-1'), log.record(g('3'), 'dup-0'), log.record(g('3'), 'dup-2')]),
      ).resolves.toEqual([undefined, undefined, undefined, undefined]);
      await log.record(g('3'), 'dup-2');
      expect(await log.seenMany(g('3'), ['dup-0', 'dup-1', 'dup-2', 'dup-3'])).toEqual(new Set(['dup-0', 'dup-1', 'dup-2']));
    });

    it('answers a batch with the events its group handled, and records a batch whole, a duplicate in it counting as recorded', async () => {
      const log = await makeLog();
      const g = groups();
      const ids = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
      await log.record(g('4'), 'batch-7');
      expect(await log.seenMany(g('4'), ids)).toEqual(new Set(['batch-7']));
      await log.recordMany(g('4'), [...ids.slice(0, 10), 'batch-3']); // batch-7 again, and batch-3 twice
      expect(await log.seenMany(g('4'), ids)).toEqual(new Set(ids.slice(0, 10)));
      expect(await log.seen(g('4'), 'batch-9')).toBe(true);
      expect(await log.seen(g('4'), 'batch-10')).toBe(false);
      expect(await log.seenMany(g('5'), ids)).toEqual(new Set());
      expect(await log.seenMany(g('4'), [])).toEqual(new Set());
      await expect(log.recordMany(g('4'), [])).resolves.toBeUndefined();
      expect(await log.seenMany(g('4'), ids)).toEqual(new Set(ids.slice(0, 10)));
    });
  });
}
