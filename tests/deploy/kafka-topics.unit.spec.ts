import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_EVENT_CONTRACTS, deadLetterTopic } from '@hcv/contracts';
import { retryTopic } from '@hcv/messaging';

/**
 * k8s/base/kafka-topics/topics.txt (read by the topic Job and the compose kafka-topics service) is
 * generated from the contracts, which stay the one place a topic's partition count is set.
 * `npm run deploy:topics` rewrites it; this test fails while it is out of date.
 */
const FILE = join(__dirname, '../../k8s/base/kafka-topics/topics.txt');
/** Retry and dead-letter topics are created with one partition, as KafkaMessageBus.ensureTopics does. */
const DLQ_PARTITIONS = 1;
const RETRY_PARTITIONS = 1;

function renderTopics(): string {
  const lines = ALL_EVENT_CONTRACTS.flatMap((c) => [
    `${c.topic} ${c.partitions}`,
    `${retryTopic(c.topic)} ${RETRY_PARTITIONS}`,
    `${deadLetterTopic(c.topic)} ${DLQ_PARTITIONS}`,
  ]);
  return [
    '# Generated from libs/contracts (each contract’s topic and partitions) by `npm run deploy:topics`;',
    '# tests/deploy/kafka-topics.unit.spec.ts fails when it is out of date. Format: <topic> <partitions>',
    ...lines,
    '',
  ].join('\n');
}

describe('Kafka topics for the deployments', () => {
  it('topics.txt lists every contract’s topic, retry topic and dead-letter topic with its partition count', () => {
    const expected = renderTopics();
    if (process.env.HCV_UPDATE_TOPICS === '1') writeFileSync(FILE, expected);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });

  it('names every topic once, by the naming rule', () => {
    const topics = renderTopics()
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(' ')[0]!);
    expect(new Set(topics).size).toBe(topics.length);
    for (const topic of topics) expect(topic).toMatch(/^[a-z-]+(\.[a-z-]+)+\.v\d+(\.dlq|\.retry)?$/);
  });
});
