import { processedEventLogContract } from '@hcv/testing';
import { InMemoryProcessedEventLog } from './message-bus';

// The port's cases, also run on MongoDB (libs/persistence/src/mongo-processed-event-log.int.spec.ts).
processedEventLogContract('memory log', async () => new InMemoryProcessedEventLog());

describe('InMemoryProcessedEventLog (embedded mode: bounded per group)', () => {
  it('remembers at least the last half of its bound per group and forgets what is older', async () => {
    const log = new InMemoryProcessedEventLog(10);
    for (let i = 0; i < 23; i++) await log.record('g', `e${i}`);
    const remembered: number[] = [];
    for (let i = 0; i < 23; i++) if (await log.seen('g', `e${i}`)) remembered.push(i);
    // Generations of 5: e0–e14 were dropped with two older generations, e15–e22 are kept.
    expect(remembered).toEqual([15, 16, 17, 18, 19, 20, 21, 22]);
    expect(remembered.length).toBeGreaterThanOrEqual(5);
    expect(remembered.length).toBeLessThanOrEqual(10);
  });

  it('bounds each group on its own: another group recording many events pushes none of a group’s out', async () => {
    const log = new InMemoryProcessedEventLog(4);
    await log.record('a', 'x');
    for (let i = 0; i < 10; i++) await log.record('b', `b${i}`);
    expect(await log.seen('a', 'x')).toBe(true);
    expect(await log.seen('b', 'x')).toBe(false);
    expect(await log.seen('c', 'x')).toBe(false);
  });
});
