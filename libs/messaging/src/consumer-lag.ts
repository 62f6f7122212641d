import type { Admin } from 'kafkajs';
import { ServiceName } from '@hcv/contracts';

/** How far one consumer group is behind the end of the topics it committed offsets on. */
export interface ConsumerGroupLag {
  groupId: string;
  /** Messages not yet handled (sum over partitions). */
  lag: number;
  /** Kafka group state (Stable, Empty, …) or `in-process`. */
  state: string;
  /** The lag per topic (those with a committed offset); absent where the bus cannot tell (in process). */
  topics?: { topic: string; lag: number }[];
}

/** The platform's own groups are named `<service>.<capability>` (e.g. `audit.record`). */
const isPlatformGroup = (groupId: string) => ServiceName.options.some((s) => groupId.startsWith(`${s}.`));

/**
 * Lag of every platform consumer group over `topics`: for each partition with a committed offset,
 * high watermark − committed offset. A partition the group never committed on counts 0 (kafkajs
 * cannot tell "not subscribed" from "nothing committed yet"), so a brand-new group's backlog shows
 * only after its first commit.
 *
 * Few requests, each small: kafkajs' admin keeps no metadata between calls (its clients' metadata
 * age is 0), so every call naming topics first asks the broker for the metadata of every topic the
 * admin ever named. Hence each group's committed offsets are asked for without naming topics (one
 * OffsetFetch for all it committed on, filtered here to `topics`), and the high watermarks of the
 * topics some group committed on are asked for together, so their calls share one metadata
 * request — instead of one metadata request per group and per topic, each listing every topic
 * (≈ 40 per round with audit's 69 topics: the operations desk measures lag every 15 s, and every
 * service on each scrape of its /metrics).
 */
export async function kafkaConsumerLag(admin: Admin, topics: string[]): Promise<ConsumerGroupLag[]> {
  const { groups } = await admin.listGroups();
  const ids = groups
    .filter((g) => (g.protocolType === 'consumer' || g.protocolType === '') && isPlatformGroup(g.groupId))
    .map((g) => g.groupId)
    .sort();
  if (!ids.length) return [];
  const states = new Map((await admin.describeGroups(ids)).groups.map((g) => [g.groupId, g.state as string]));
  const known = new Set(topics);
  const committedByGroup = await Promise.all(
    ids.map(async (groupId) => ({
      groupId,
      // No topics named: every topic the group committed on (OffsetFetch with no topic list).
      topics: (await admin.fetchOffsets({ groupId, topics: [] }))
        .filter(({ topic }) => known.has(topic))
        .map(({ topic, partitions }) => ({ topic, committed: partitions.filter((p) => Number(p.offset) >= 0) }))
        .filter(({ committed }) => committed.length),
    })),
  );
  const wanted = [...new Set(committedByGroup.flatMap((g) => g.topics.map((t) => t.topic)))];
  const highs = new Map(
    await Promise.all(
      wanted.map(
        async (topic) => [topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]))] as const,
      ),
    ),
  );
  return committedByGroup.map(({ groupId, topics: committedTopics }) => {
    let lag = 0;
    const perTopic = committedTopics.map(({ topic, committed }) => {
      const high = highs.get(topic);
      let topicLag = 0;
      for (const p of committed) topicLag += Math.max(0, (high?.get(p.partition) ?? 0) - Number(p.offset));
      lag += topicLag;
      return { topic, lag: topicLag };
    });
    return { groupId, lag, state: states.get(groupId) ?? 'unknown', topics: perTopic };
  });
}
