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
 */
export async function kafkaConsumerLag(admin: Admin, topics: string[]): Promise<ConsumerGroupLag[]> {
  const { groups } = await admin.listGroups();
  const ids = groups
    .filter((g) => (g.protocolType === 'consumer' || g.protocolType === '') && isPlatformGroup(g.groupId))
    .map((g) => g.groupId);
  if (!ids.length) return [];
  const states = new Map((await admin.describeGroups(ids)).groups.map((g) => [g.groupId, g.state as string]));
  const highs = new Map<string, Map<number, number>>();
  const highOf = async (topic: string) => {
    let byPartition = highs.get(topic);
    if (!byPartition) {
      byPartition = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      highs.set(topic, byPartition);
    }
    return byPartition;
  };
  const out: ConsumerGroupLag[] = [];
  for (const groupId of ids.sort()) {
    let lag = 0;
    const perTopic: { topic: string; lag: number }[] = [];
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      const committed = partitions.filter((p) => Number(p.offset) >= 0);
      if (!committed.length) continue;
      const high = await highOf(topic);
      let topicLag = 0;
      for (const p of committed) topicLag += Math.max(0, (high.get(p.partition) ?? 0) - Number(p.offset));
      perTopic.push({ topic, lag: topicLag });
      lag += topicLag;
    }
    out.push({ groupId, lag, state: states.get(groupId) ?? 'unknown', topics: perTopic });
  }
  return out;
}
