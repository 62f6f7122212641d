import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaConsumerLag } from './consumer-lag';

jest.setTimeout(120_000);

// kafkaConsumerLag against the real broker: a platform group's committed offsets against the high
// watermarks, on the topics asked about only; groups that are not the platform's are left out.
describe('kafkaConsumerLag', () => {
  const kafka = new Kafka({ clientId: 'int-lag', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const id = randomUUID().slice(0, 8);
  const [read, other, unasked] = [`lag-read-${id}`, `lag-other-${id}`, `lag-unasked-${id}`];
  const group = `audit.lag-spec-${id}`;
  const foreign = `someone-else-${id}`;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [read, other, unasked].map((topic) => ({ topic, numPartitions: topic === read ? 2 : 1 })),
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    // `read`: 5 messages on partition 0, 2 on partition 1; `other` and `unasked`: 3 each.
    await producer.send({ topic: read, messages: [1, 2, 3, 4, 5].map((n) => ({ value: `${n}`, partition: 0 })) });
    await producer.send({ topic: read, messages: [1, 2].map((n) => ({ value: `${n}`, partition: 1 })) });
    for (const topic of [other, unasked]) await producer.send({ topic, messages: [1, 2, 3].map((n) => ({ value: `${n}` })) });
    await producer.disconnect();
    // The platform group committed 2 on read/0 and read/1, 1 on `other` and 3 on `unasked` (as a
    // member: a broker may count the group live after a first commit and refuse setOffsets); a
    // foreign group committed on `read` too.
    await commitAsMember(group, [
      { topic: read, partition: 0, offset: '2' },
      { topic: read, partition: 1, offset: '2' },
      { topic: other, partition: 0, offset: '1' },
      { topic: unasked, partition: 0, offset: '3' },
    ]);
    await admin.setOffsets({ groupId: foreign, topic: read, partitions: [{ partition: 0, offset: '0' }] });
  });
  afterAll(async () => {
    await admin.deleteGroups([group, foreign]).catch(() => undefined);
    await admin.deleteTopics({ topics: [read, other, unasked] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** Commits the offsets given for `groupId` as a member of the group. */
  async function commitAsMember(groupId: string, offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(offsets.map((o) => o.topic))], fromBeginning: true });
    let joined!: () => void;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      autoCommit: false,
      eachMessage: async () => consumer.pause([{ topic: read }, { topic: other }, { topic: unasked }]),
    });
    await ready;
    await consumer.commitOffsets(offsets);
    await consumer.disconnect();
  }

  it('reports each platform group’s lag per topic asked about, and no other group', async () => {
    const lag = await kafkaConsumerLag(admin, [read, other]);
    const mine = lag.find((g) => g.groupId === group);
    expect(mine).toBeDefined();
    expect(mine!.lag).toBe(3 + 0 + 2);
    expect([...mine!.topics!].sort((a, b) => a.topic.localeCompare(b.topic))).toEqual(
      [
        { topic: read, lag: 3 },
        { topic: other, lag: 2 },
      ].sort((a, b) => a.topic.localeCompare(b.topic)),
    );
    expect(lag.some((g) => g.groupId === foreign)).toBe(false);
    // Asked again on the same admin (metadata kept by the admin's target topics): the same answer.
    expect((await kafkaConsumerLag(admin, [read, other])).find((g) => g.groupId === group)).toEqual(mine);
  });
});
