import { createLogger } from '@hcv/observability';
import { sequencedContract } from '@hcv/testing';
import { BatchProcessedLog } from './batch-processed-log';
import { deliver, handlerMap, type IncomingMessage } from './delivery';
import { stageEvent } from './envelope-codec';
import { InMemoryProcessedEventLog, on, type ProcessedEventLog, type Subscription } from './message-bus';

const logger = createLogger({ service: 'test', level: 'error' });
const contract = sequencedContract('batch-log');

/** An in-memory log that counts the calls it receives. */
function countingLog() {
  const inner = new InMemoryProcessedEventLog();
  const calls: string[] = [];
  const log: Required<ProcessedEventLog> = {
    seen: (g, id) => (calls.push(`seen ${id}`), inner.seen(g, id)),
    record: (g, id) => (calls.push(`record ${id}`), inner.record(g, id)),
    seenMany: (g, ids) => (calls.push(`seenMany ${ids.join(',')}`), inner.seenMany(g, ids)),
    recordMany: (g, ids) => (calls.push(`recordMany ${ids.join(',')}`), inner.recordMany(g, ids)),
  };
  return { log, calls, inner };
}

function messageOf(seq: number, offset: number): IncomingMessage & { eventId: string } {
  const staged = stageEvent(contract, { key: 'k', seq }, 'audit', { subject: 'k', correlationId: 'c' });
  return { ...staged.message, topic: staged.topic, partition: 0, offset: String(offset), eventId: staged.envelope.id };
}

describe('BatchProcessedLog with deliver()', () => {
  it('asks the log once for the batch, records only the events whose handler succeeded, once, after the batch', async () => {
    const { log, calls, inner } = countingLog();
    const handled: number[] = [];
    const subscription: Subscription = {
      groupId: 'g',
      processedLog: log,
      handlers: [
        on(contract, async (e) => {
          if (e.data.seq === 3) throw new Error('handler bug');
          handled.push(e.data.seq);
        }),
      ],
    };
    const [m1, m2, m3] = [messageOf(1, 0), messageOf(2, 1), messageOf(3, 2)];
    await inner.record('g', m2.eventId); // handled by an earlier delivery
    const duplicateOfM1 = { ...m1, offset: '3' }; // the same event again in the batch (a re-send)
    const batch = new BatchProcessedLog(
      log,
      'g',
      [m1, m2, m3, duplicateOfM1].map((m) => m.headers),
    );
    expect(calls).toEqual([]); // asked at the first check, not before (a batch nobody checks costs nothing)
    const sink: string[] = [];
    const outcomes = [];
    for (const m of [m1, m2, m3, duplicateOfM1]) {
      outcomes.push(
        await deliver({ ...m, processedInBatch: batch }, subscription, handlerMap(subscription), async (t) => void sink.push(t), logger, {
          maxAttempts: 2,
          backoffMillis: 1,
          retryDelaysMillis: [],
        }),
      );
    }
    expect(outcomes).toEqual(['handled', 'duplicate', 'dead-lettered', 'duplicate']);
    expect(handled).toEqual([1]);
    // Nothing recorded before the flush, and the failed one never.
    expect(calls).toEqual([`seenMany ${m1.eventId},${m2.eventId},${m3.eventId}`]);
    expect(await inner.seen('g', m1.eventId)).toBe(false);
    await batch.flush();
    await batch.flush(); // nothing new: no request
    expect(calls.slice(1)).toEqual([`recordMany ${m1.eventId}`]);
    expect(await inner.seen('g', m1.eventId)).toBe(true);
    expect(await inner.seen('g', m3.eventId)).toBe(false);
  });

  it('asks alone for an event the batch did not ask about (no id header), and falls back to seen/record per event for a log without the batch calls', async () => {
    const inner = new InMemoryProcessedEventLog();
    const calls: string[] = [];
    const plain: ProcessedEventLog = {
      seen: (g, id) => (calls.push(`seen ${id}`), inner.seen(g, id)),
      record: (g, id) => (calls.push(`record ${id}`), inner.record(g, id)),
    };
    const [m1, m2] = [messageOf(1, 0), messageOf(2, 1)];
    const bare = { ...m2, headers: {} };
    const batch = new BatchProcessedLog(plain, 'g', [m1.headers, bare.headers]);
    expect(await batch.seen(m1.eventId)).toBe(false);
    expect(await batch.seen(m2.eventId)).toBe(false);
    batch.handled(m1.eventId);
    batch.handled(m2.eventId);
    batch.handled(m2.eventId);
    await batch.flush();
    expect(calls).toEqual([`seen ${m1.eventId}`, `seen ${m2.eventId}`, `record ${m1.eventId}`, `record ${m2.eventId}`]);
  });

  it('a failed batch check fails each delivery that needs it (left uncommitted), and a failed record throws from flush', async () => {
    const failing: ProcessedEventLog = {
      seen: async () => false,
      record: async () => undefined,
      seenMany: async () => {
        throw new Error('database away');
      },
      recordMany: async () => {
        throw new Error('database away');
      },
    };
    const subscription: Subscription = { groupId: 'g', processedLog: failing, handlers: [on(contract, async () => undefined)] };
    const m1 = messageOf(1, 0);
    const batch = new BatchProcessedLog(failing, 'g', [m1.headers]);
    await expect(
      deliver({ ...m1, processedInBatch: batch }, subscription, handlerMap(subscription), async () => undefined, logger),
    ).rejects.toThrow('database away');
    batch.handled(m1.eventId);
    await expect(batch.flush()).rejects.toThrow('database away');
  });
});
