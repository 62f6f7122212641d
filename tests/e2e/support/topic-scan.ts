import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Reads every topic of the broker (all partitions, from the log start to the end as of now) and
 * returns where any of `needles` appears in a message's key, value or headers — as given, or as
 * the bytes it stands for in base64, base64url or hex. Topic and offset only: never the message.
 */
export async function findOnTopics(
  brokers: string[],
  needles: readonly string[],
): Promise<{ found: string[]; messages: number; topics: number }> {
  const forms = needles.flatMap((n) => {
    const bytes = /^[A-Za-z0-9_-]{43}$/.test(n) ? Buffer.from(n, 'base64url') : undefined;
    return [n, ...(bytes ? [bytes.toString('base64'), bytes.toString('hex')] : [])];
  });
  const kafka = new Kafka({ clientId: 'topic-scan', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  let topics: string[];
  try {
    topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic))
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}:${p.partition}`, BigInt(p.high) - 1n);
  } finally {
    await admin.disconnect();
  }
  const found: string[] = [];
  let messages = 0;
  if (remaining.size === 0) return { found, messages, topics: topics.length };
  const consumer = kafka.consumer({ groupId: `topic-scan-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: [...new Set([...remaining.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))],
      fromBeginning: true,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`topics not read to the end within 90 s (${remaining.size} partitions left)`)),
        90_000,
      );
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          messages++;
          const text = [
            message.key?.toString('utf8') ?? '',
            message.value?.toString('utf8') ?? '',
            ...Object.values(message.headers ?? {}).map((h) => (Array.isArray(h) ? h.join(' ') : String(h ?? ''))),
          ].join('\n');
          if (forms.some((f) => text.includes(f))) found.push(`${topic}:${partition}@${message.offset}`);
          const key = `${topic}:${partition}`;
          const last = remaining.get(key);
          if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(key);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return { found, messages, topics: topics.length };
}
