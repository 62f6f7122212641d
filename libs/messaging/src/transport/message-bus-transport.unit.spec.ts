import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { deadLetterTopic, type EventOf } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract } from '@hcv/testing';
import { InProcessMessageBus } from '../in-process-message-bus';
import { InMemoryProcessedEventLog } from '../message-bus';
import { consumerControllers, consumerGroup, eventPattern, EventContext, type ServiceTopics } from './consumer-groups';
import { MessageBusTransport } from './message-bus-transport';

const logger = createLogger({ service: 'test', level: 'error' });
const Ticked = sequencedContract('transport-ticked');
const Tocked = sequencedContract('transport-tocked');

const received: { group: string; event: EventOf<typeof Ticked>; ctx: EventContext }[] = [];
let failNext = 0;

@Controller()
class TickConsumer {
  @EventPattern(eventPattern(Ticked))
  async ticked(@Payload() event: EventOf<typeof Ticked>, @Ctx() ctx: EventContext): Promise<void> {
    if (failNext > 0) {
      failNext--;
      throw new Error('not yet');
    }
    received.push({ group: ctx.groupId, event, ctx });
  }
}

@Controller()
class TickAuditor {
  @EventPattern(eventPattern(Ticked))
  async ticked(@Payload() event: EventOf<typeof Ticked>, @Ctx() ctx: EventContext): Promise<void> {
    received.push({ group: ctx.groupId, event, ctx });
  }

  @EventPattern(eventPattern(Tocked))
  async tocked(@Payload() event: EventOf<typeof Tocked>, @Ctx() ctx: EventContext): Promise<void> {
    received.push({ group: ctx.groupId, event, ctx });
  }
}

const TOPICS: ServiceTopics = {
  service: 'audit',
  consumes: [
    consumerGroup({ group: 'test.ticks', purpose: 'the first reader', ordering: 'key', topics: [Ticked], controllers: [TickConsumer] }),
    consumerGroup({
      group: 'test.audit',
      purpose: 'a second group on the same topic',
      idempotent: true,
      topics: [Ticked, Tocked],
      controllers: [TickAuditor],
    }),
  ],
  publishes: [],
};

@Module({ controllers: consumerControllers(TOPICS) })
class ConsumersModule {}

describe('MessageBusTransport on the in-process bus', () => {
  let bus: InProcessMessageBus;
  let app: INestMicroservice;
  let transport: MessageBusTransport;

  beforeEach(async () => {
    received.length = 0;
    failNext = 0;
    bus = new InProcessMessageBus(logger, 2, { maxAttempts: 2, backoffMillis: 1, retryDelaysMillis: [] });
    transport = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() });
    app = await NestFactory.createMicroservice(ConsumersModule, { strategy: transport, logger: false });
    await app.listen();
  });
  afterEach(async () => {
    await app.close();
    await bus.stop();
  });

  it('groups the controllers into one subscription per consumer group, with the group settings', () => {
    const subscriptions = transport.subscriptions().map((s) => ({
      groupId: s.groupId,
      ordering: s.ordering,
      idempotent: s.idempotent,
      topics: s.handlers.map((h) => h.contract.topic).sort(),
    }));
    expect(subscriptions).toEqual([
      { groupId: 'test.ticks', ordering: 'key', idempotent: undefined, topics: [Ticked.topic] },
      { groupId: 'test.audit', ordering: undefined, idempotent: true, topics: [Ticked.topic, Tocked.topic].sort() },
    ]);
  });

  it('hands each group the validated envelope and a context with the event id, topic and attempt', async () => {
    const published = await bus.publisher('audit').publish(Ticked, { key: 'k1', seq: 7 }, { subject: 'k1', correlationId: 'corr-1' });
    await bus.idle();
    expect(received.map((r) => r.group).sort()).toEqual(['test.audit', 'test.ticks']);
    for (const { event, ctx } of received) {
      expect(event.id).toBe(published.id);
      expect(event.data).toEqual({ key: 'k1', seq: 7 });
      expect(ctx).toBeInstanceOf(EventContext);
      expect(ctx).toMatchObject({ eventId: published.id, correlationId: 'corr-1', topic: Ticked.topic, attempt: 1 });
      expect(ctx.partition).toBeGreaterThanOrEqual(0);
    }
  });

  it('passes a handler error to delivery unchanged: retried in place, the context counting the attempt', async () => {
    failNext = 1;
    await bus.publisher('audit').publish(Ticked, { key: 'k2', seq: 1 }, { subject: 'k2', correlationId: 'c' });
    await bus.idle();
    expect(received.find((r) => r.group === 'test.ticks')?.ctx.attempt).toBe(2);
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters a handler that keeps failing with its own error message, for its group only', async () => {
    failNext = 2;
    await bus.publisher('audit').publish(Ticked, { key: 'k3', seq: 1 }, { subject: 'k3', correlationId: 'c' });
    await bus.idle();
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]!.message.headers).toMatchObject({
      'dlq-group': 'test.ticks',
      'dlq-reason': 'handler failed 2 times: not yet',
    });
    expect(received.map((r) => r.group)).toEqual(['test.audit']);
  });

  it('dead-letters a message that breaks its contract without calling any controller', async () => {
    const good = await bus.publisher('audit').publish(Tocked, { key: 'k4', seq: 1 }, { subject: 'k4', correlationId: 'c' });
    await bus.idle();
    received.length = 0;
    await bus.publishRaw(Tocked.topic, {
      key: 'k4',
      value: JSON.stringify({ ...good, id: crypto.randomUUID(), data: { key: 'k4', seq: 'not a number' } }),
      headers: {},
    });
    await bus.idle();
    expect(received).toEqual([]);
    expect(bus.deadLetters.map((d) => d.topic)).toEqual([deadLetterTopic(Tocked.topic)]);
    expect(bus.deadLetters[0]!.message.headers['dlq-reason']).toMatch(/^schema: data\.seq/);
  });
});

describe('consumer groups and the transport refuse what they cannot run', () => {
  it('refuses a controller listening to a topic its group does not list', () => {
    @Controller()
    class Stray {
      @EventPattern(eventPattern(Tocked))
      async tocked(): Promise<void> {}
    }
    expect(() => consumerGroup({ group: 'g', purpose: 'p', topics: [Ticked], controllers: [Stray] })).toThrow(
      /Stray.tocked listens to .*transport-tocked/,
    );
  });

  it('refuses a group listing a topic none of its controllers listens to', () => {
    @Controller()
    class Partial {
      @EventPattern(eventPattern(Ticked))
      async ticked(): Promise<void> {}
    }
    expect(() => consumerGroup({ group: 'g', purpose: 'p', topics: [Ticked, Tocked], controllers: [Partial] })).toThrow(
      /lists .*transport-tocked/,
    );
  });

  it('refuses a handler without a group', async () => {
    const transport = new MessageBusTransport(new InProcessMessageBus(logger), { processedLog: new InMemoryProcessedEventLog() });
    transport.addHandler(Ticked.topic, async () => undefined, true, {});
    await expect(transport.start()).rejects.toThrow(/names no consumer group/);
  });

  it('feeds handlers without a controller (consume) through the same pipeline', async () => {
    const bus = new InProcessMessageBus(logger, 2, { maxAttempts: 1, backoffMillis: 1 });
    const seen: number[] = [];
    const transport = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() }).consume({ group: 'feed' }, [
      { contract: Ticked, handle: async (e) => void seen.push((e as EventOf<typeof Ticked>).data.seq) },
    ]);
    await transport.start();
    await bus.publisher('audit').publish(Ticked, { key: 'k', seq: 3 }, { subject: 'k', correlationId: 'c' });
    await bus.idle();
    expect(seen).toEqual([3]);
    await bus.stop();
  });
});
