/**
 * Smoke test of the servers the jest global setup provides (KAFKA_BROKERS, MONGO_URL): one message
 * through a fresh topic with a consumer group, one document through mongoose.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import mongoose, { Schema, type Connection } from 'mongoose';

const brokers = () => {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run under the jest global setup');
  return value.split(',');
};
const mongoUrl = () => {
  const value = process.env.MONGO_URL;
  if (!value) throw new Error('MONGO_URL is not set: run under the jest global setup');
  return value;
};

describe('test infrastructure', () => {
  describe('kafka', () => {
    const kafka = new Kafka({ clientId: 'infra-smoke', brokers: brokers(), logLevel: logLevel.ERROR });
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    afterEach(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
    });

    it('produces and consumes one message on a fresh topic through a consumer group', async () => {
      const topic = `infra-smoke-${randomUUID()}`;
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();

      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const value = `hello ${randomUUID()}`;
      await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value }] });

      consumer = kafka.consumer({ groupId: `infra-smoke-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer!.run({
          eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
        });
      });
      await expect(received).resolves.toEqual({ key: 'k1', value });
    });
  });

  describe('mongo', () => {
    let connection: Connection | undefined;

    afterEach(async () => {
      await connection?.dropDatabase().catch(() => undefined);
      await connection?.close();
    });

    it('inserts and reads one document with mongoose', async () => {
      connection = await mongoose.createConnection(mongoUrl(), { dbName: 'infra_smoke' }).asPromise();
      const Thing = connection.model('Thing', new Schema({ _id: String, name: String, count: Number }));
      const id = randomUUID();
      await Thing.create({ _id: id, name: 'smoke', count: 1 });
      const found = await Thing.findById(id).lean();
      expect(found).toMatchObject({ _id: id, name: 'smoke', count: 1 });
    });
  });
});
