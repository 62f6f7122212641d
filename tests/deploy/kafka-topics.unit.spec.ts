import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_EVENT_CONTRACTS, deadLetterTopic } from '@hcv/contracts';
import { retryTopic } from '@hcv/messaging';
import { parseAllDocuments } from 'yaml';
import type { Doc } from './manifests';

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

/**
 * The same list as Strimzi KafkaTopic resources (k8s/platform/kafka/kafka-topics.yaml, the
 * prod-operators overlay): replication 3, min in-sync 2, as the prod overlay's topic Job creates them.
 */
const STRIMZI_FILE = join(__dirname, '../../k8s/platform/kafka/kafka-topics.yaml');

function topicLines(): [topic: string, partitions: number][] {
  return renderTopics()
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' '))
    .map(([topic, partitions]) => [topic!, Number(partitions)]);
}

function renderKafkaTopics(): string {
  const header = [
    '# Generated from libs/contracts (as ../../base/kafka-topics/topics.txt) by `npm run deploy:topics`;',
    '# tests/deploy/kafka-topics.unit.spec.ts fails when it is out of date. One KafkaTopic per topic for',
    '# the Strimzi Topic Operator of the cluster hcv.',
  ];
  const docs = topicLines().map(([topic, partitions]) =>
    [
      'apiVersion: kafka.strimzi.io/v1beta2',
      'kind: KafkaTopic',
      'metadata:',
      `  name: ${topic}`,
      '  labels:',
      '    strimzi.io/cluster: hcv',
      'spec:',
      `  partitions: ${partitions}`,
      '  replicas: 3',
      '  config:',
      '    min.insync.replicas: 2',
    ].join('\n'),
  );
  return `${header.join('\n')}\n${docs.join('\n---\n')}\n`;
}

describe('Kafka topics for the deployments', () => {
  it('topics.txt lists every contract’s topic, retry topic and dead-letter topic with its partition count', () => {
    const expected = renderTopics();
    if (process.env.HCV_UPDATE_TOPICS === '1') writeFileSync(FILE, expected);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });

  it('the Strimzi KafkaTopic resources name the same topics with the same partition counts', () => {
    const expected = renderKafkaTopics();
    if (process.env.HCV_UPDATE_TOPICS === '1') writeFileSync(STRIMZI_FILE, expected);
    expect(readFileSync(STRIMZI_FILE, 'utf8')).toBe(expected);
    const resources = parseAllDocuments(readFileSync(STRIMZI_FILE, 'utf8')).map((d) => d.toJS() as Doc);
    expect(resources.map((r) => [r.metadata.name, r.spec.partitions])).toEqual(topicLines());
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
