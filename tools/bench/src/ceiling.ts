import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { benchKafkaClient } from './bench-kafka';
import { EligibilityRequestedV2 } from '@hcv/contracts';
import { cliArgs, loadAverage, log, recordResult, runMain } from './bench-run';
import { startInfra } from './bench-platform';

/** A message shaped like the pipeline's: an eligibility.requested envelope and the headers the bus sets. */
function realisticMessage(): Message {
  const sessionId = randomUUID();
  const envelope = {
    id: randomUUID(),
    type: EligibilityRequestedV2.type,
    version: 2,
    time: '2026-11-25T09:00:00.123456Z',
    source: 'card-session',
    subject: sessionId,
    correlationId: sessionId,
    causationId: randomUUID(),
    data: {
      sessionId,
      deviceId: 'facility-01-dev-1',
      institutionNumber: '1321000000',
      siteId: 'facility-01',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-25',
      cardReference: 'card-000123-abcdef12',
      voucher: {
        insurerNumber: '06139018',
        voucherNumber: '26007000123',
        voucherKind: 'checkup',
        validUntil: '2027-03-31',
        copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
        coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
        symbol: '12',
        number: '3456',
      },
    },
  };
  return {
    key: sessionId,
    value: JSON.stringify(envelope),
    headers: {
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: envelope.source,
      ce_time: envelope.time,
      ce_subject: sessionId,
      'event-version': '2',
      'correlation-id': sessionId,
      'content-type': 'application/json',
      traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
    },
  };
}

const bytesOf = (m: Message) =>
  Buffer.byteLength(String(m.value)) +
  Buffer.byteLength(String(m.key)) +
  Object.entries(m.headers ?? {}).reduce((s, [k, v]) => s + k.length + String(v).length, 0);

/**
 * (a) The raw ceiling of one hop: kafkajs produce → consume of pipeline-sized messages on the same
 * broker, with the bus's producer settings (idempotent, acks=all, one request in flight) and a
 * consumer group reading 6 partitions. Two producer modes: batched sends (the best kafkajs does) and
 * one message per send with many sends outstanding (what a handler's publish does today).
 */
async function hop(kafka: Kafka, options: { messages: number; batch: number; concurrency: number; label: string }) {
  const topic = `bench.ceiling.${options.label}.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 50 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let lastConsumedAt = 0;
  let done!: () => void;
  const allConsumed = new Promise<void>((r) => (done = r));
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      lastConsumedAt = performance.now();
      if (consumed >= options.messages) done();
    },
  });
  const sample = realisticMessage();
  const messages = Array.from({ length: options.messages }, () => realisticMessage());
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < messages.length) {
      const chunk = messages.slice(next, next + options.batch);
      next += chunk.length;
      await producer.send({ topic, acks: -1, messages: chunk });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  const producedAt = performance.now();
  await allConsumed;
  const seconds = (lastConsumedAt - started) / 1000;
  await consumer.disconnect();
  await producer.disconnect();
  const result = {
    mode: options.label,
    messages: options.messages,
    messageBytes: bytesOf(sample),
    produceSeconds: (producedAt - started) / 1000,
    produceRate: options.messages / ((producedAt - started) / 1000),
    endToEndSeconds: seconds,
    perHopRate: options.messages / seconds,
    loadAverage: loadAverage(),
  };
  log(
    `  ${options.label.padEnd(16)} ${options.messages} messages of ~${result.messageBytes} B: produced at ${result.produceRate.toFixed(0)}/s, ` +
      `produce→consume ${result.perHopRate.toFixed(0)} msg/s per hop (load average ${result.loadAverage})`,
  );
  return result;
}

runMain(async () => {
  const args = cliArgs({ messages: { type: 'string', default: '100000' } });
  const messages = Number(args.messages);
  const infra = await startInfra();
  try {
    const kafka = new Kafka({ clientId: 'bench-ceiling', ...benchKafkaClient(infra.brokers), logLevel: logLevel.NOTHING });
    log(`(a) raw ceiling: kafkajs produce→consume, one hop, broker ${infra.brokers}; load average ${loadAverage()}`);
    const batched = await hop(kafka, { messages, batch: 500, concurrency: 1, label: 'batched-500' });
    const single = await hop(kafka, { messages: Math.min(messages, 20_000), batch: 1, concurrency: 64, label: 'one-per-send' });
    recordResult('ceiling', { batched, single, perHop: batched.perHopRate });
  } finally {
    await infra.stop();
  }
});
