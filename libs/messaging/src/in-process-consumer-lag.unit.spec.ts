import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { InProcessMessageBus } from './in-process-message-bus';
import { InMemoryProcessedEventLog, on } from './message-bus';

const logger = createLogger({ service: 'test', level: 'error' });

describe('InProcessMessageBus consumer lag (embedded mode)', () => {
  it('reports per group what is queued and not yet handled, and 0 once idle', async () => {
    const contract = sequencedContract('inproc-lag');
    const bus = new InProcessMessageBus(logger, 1, { maxAttempts: 1, backoffMillis: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowStarted = false;
    bus.subscribe({
      groupId: 'slow',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, () => ((slowStarted = true), gate))],
    });
    bus.subscribe({ groupId: 'fast', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, async () => undefined)] });
    await bus.start();
    for (let seq = 0; seq < 4; seq++)
      await bus.publisher('card-session').publish(contract, { key: 'k', seq }, { subject: 'k', correlationId: 'c' });
    await waitFor(
      async () => slowStarted && (await bus.consumerLag()).find((g) => g.groupId === 'fast')?.lag === 0,
      5_000,
      'the fast group to drain',
    );
    expect(await bus.consumerLag()).toEqual([
      { groupId: 'slow', lag: 4, state: 'in-process' }, // one being handled, three queued
      { groupId: 'fast', lag: 0, state: 'in-process' },
    ]);
    release();
    await bus.idle();
    expect((await bus.consumerLag()).map((g) => g.lag)).toEqual([0, 0]);
  });
});
