import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventOf } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { KafkaMessageBus } from '../kafka-message-bus';
import { InMemoryProcessedEventLog } from '../message-bus';
import { consumerControllers, consumerGroup, eventPattern, type EventContext, type ServiceTopics } from './consumer-groups';
import { MessageBusTransport } from './message-bus-transport';

jest.setTimeout(180_000);

const logger = createLogger({ service: 'test', level: 'error' });
const run = randomUUID().slice(0, 8);
const Ticked = sequencedContract(`transport-int-${run}`, 2);
const received: { event: EventOf<typeof Ticked>; ctx: EventContext }[] = [];
let failFirst = true;

@Controller()
class TickConsumer {
  @EventPattern(eventPattern(Ticked))
  async ticked(@Payload() event: EventOf<typeof Ticked>, @Ctx() ctx: EventContext): Promise<void> {
    if (event.data.seq === 2 && failFirst) {
      failFirst = false;
      throw new Error('first try fails');
    }
    received.push({ event, ctx });
  }
}

const TOPICS: ServiceTopics = {
  service: 'audit',
  consumes: [
    consumerGroup({ group: `transport-int.${run}`, purpose: 'test', ordering: 'key', topics: [Ticked], controllers: [TickConsumer] }),
  ],
  publishes: [Ticked],
};

@Module({ controllers: consumerControllers(TOPICS) })
class TicksModule {}

/** A Nest controller consuming from the real broker through the transport: subscribed, the bus started, each event with its delivery. */
describe('MessageBusTransport on the Kafka bus', () => {
  let bus: KafkaMessageBus;
  let app: INestMicroservice;

  beforeAll(async () => {
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'transport-int',
      logger,
      contracts: [Ticked],
      sessionTimeoutMillis: 6_000,
    });
    app = await NestFactory.createMicroservice(TicksModule, {
      strategy: new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() }),
      logger: false,
    });
    await app.listen();
  });
  afterAll(async () => {
    await app?.close();
    await bus?.stop();
  });

  it('delivers each published event to the controller with its partition, offset and attempt', async () => {
    const publisher = bus.publisher('audit');
    const sent = [];
    for (const seq of [1, 2, 3])
      sent.push(await publisher.publish(Ticked, { key: `k${seq}`, seq }, { subject: `k${seq}`, correlationId: `c${seq}` }));
    await waitFor(() => received.length === 3, 60_000, 'three events through the controller');
    expect(received.map((r) => r.event.id).sort()).toEqual(sent.map((e) => e.id).sort());
    for (const { event, ctx } of received) {
      expect(ctx).toMatchObject({
        groupId: `transport-int.${run}`,
        eventId: event.id,
        topic: Ticked.topic,
        correlationId: `c${event.data.seq}`,
      });
      expect(ctx.partition).toBeGreaterThanOrEqual(0);
      expect(Number(ctx.offset)).toBeGreaterThanOrEqual(0);
    }
    // The failing first try was retried in place by the delivery pipeline.
    expect(received.find((r) => r.event.data.seq === 2)?.ctx.attempt).toBe(2);
    expect(received.find((r) => r.event.data.seq === 1)?.ctx.attempt).toBe(1);
  });
});
