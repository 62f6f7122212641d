import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { InMemoryOutboxStore, storeWithOutbox, type OutboxRelay } from '@hcv/persistence';
import { sequencedContract } from '@hcv/testing';
import { OUTBOX_RELAY, OutboxRelayRunner, outboxRelayProvider } from './outbox-relay.provider';
import type { ServiceRuntime } from './service-runtime';

describe('the outbox relay in a service module', () => {
  it('flushes what is still pending when the application closes (SIGTERM), before the bus stops', async () => {
    const logger = createLogger({ service: 'audit', level: 'error' });
    const contract = sequencedContract('relay-runner');
    const bus = new InProcessMessageBus(logger, 2, { maxAttempts: 1, backoffMillis: 1 });
    const received: number[] = [];
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: 'spy' }, [on(contract, async (e) => void received.push(e.data.seq))])
      .start();
    const docs = new Map<string, object>();
    const repository = { outbox: new InMemoryOutboxStore('things', docs) };
    const runtime: ServiceRuntime = {
      service: 'audit',
      bus,
      logger,
      publisher: bus.publisher('audit'),
      processedLog: new InMemoryProcessedEventLog(),
      storage: { kind: 'memory' },
      clock: () => new Date(),
    };

    @Module({
      providers: [
        { provide: 'THINGS', useValue: repository },
        outboxRelayProvider(runtime, ['THINGS'], (r: typeof repository) => [r.outbox]),
        OutboxRelayRunner,
      ],
    })
    class ThingsModule {}
    const app = await Test.createTestingModule({ imports: [ThingsModule] }).compile();
    await app.init();
    const relay = app.get<OutboxRelay>(OUTBOX_RELAY);
    // A write whose process is told to stop before it dispatched (and before the sweep's grace period).
    docs.set(
      't',
      storeWithOutbox(undefined, { id: 't' }, [relay.stage(contract, { key: 't', seq: 1 }, { subject: 't', correlationId: 'c' })]),
    );
    await app.close();
    await bus.idle();
    expect(received).toEqual([1]);
    expect(docs.get('t')).toEqual({ id: 't' });
    await bus.stop();
  });
});
