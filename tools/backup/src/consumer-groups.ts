import type { Admin, Kafka } from 'kafkajs';
import type { ServiceName } from '@hcv/contracts';
import type { ConsumerGroupOffsets } from './archive';

/** The services' consumer groups are named `<service>.<purpose>` (card-session.outcomes, audit.record, …). */
export function isServiceGroup(groupId: string, services: readonly ServiceName[]): boolean {
  return services.some((s) => groupId.startsWith(`${s}.`));
}

/** The committed offsets of every consumer group of `services` (-1: nothing committed on that partition). */
export async function readConsumerGroups(admin: Admin, services: readonly ServiceName[]): Promise<ConsumerGroupOffsets[]> {
  const { groups } = await admin.listGroups();
  const ids = groups
    .map((g) => g.groupId)
    .filter((id) => isServiceGroup(id, services))
    .sort();
  const out: ConsumerGroupOffsets[] = [];
  for (const groupId of ids) {
    const topics = await admin.fetchOffsets({ groupId });
    out.push({
      groupId,
      topics: topics
        .map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, offset: p.offset })) }))
        .sort((a, b) => a.topic.localeCompare(b.topic)),
    });
  }
  return out;
}

export interface RewoundGroup {
  groupId: string;
  /** Messages the group will read again (sum over partitions of committed-now minus the archive's offset). */
  replays: number;
}

/**
 * Sets each archived group's offsets back to those committed when the backup started, so that the
 * restored databases' consumers read again everything handled after that moment (their restored
 * processed-event records skip what the backup already holds). A partition with nothing committed
 * then goes back to its earliest offset. Refused while a group has members: stop the services first.
 */
export async function rewindConsumerGroups(kafka: Kafka, admin: Admin, groups: readonly ConsumerGroupOffsets[]): Promise<RewoundGroup[]> {
  await expectGroupsEmpty(
    admin,
    groups.map((g) => g.groupId),
  );
  const out: RewoundGroup[] = [];
  for (const group of groups) {
    const moved = await movedPartitions(admin, group);
    const replays = moved.reduce((n, t) => n + t.partitions.reduce((m, p) => m + Math.max(0, p.now - Number(p.offset)), 0), 0);
    if (moved.length) await commitAsMember(kafka, group.groupId, moved);
    // Whatever the one-join commit did not set (a partition not assigned in time) is set topic by topic.
    for (const t of await movedPartitions(admin, group))
      await admin.setOffsets({ groupId: group.groupId, topic: t.topic, partitions: t.partitions });
    out.push({ groupId: group.groupId, replays });
  }
  return out;
}

type Moved = { topic: string; partitions: Array<{ partition: number; offset: string; now: number }> };

/** The archived offsets (nothing committed then: the earliest) of the partitions whose committed offset differs from them now. */
async function movedPartitions(admin: Admin, group: ConsumerGroupOffsets): Promise<Moved[]> {
  const now = await admin.fetchOffsets({ groupId: group.groupId, topics: group.topics.map((t) => t.topic) });
  const out: Moved[] = [];
  for (const { topic, partitions } of group.topics) {
    const current = new Map(now.find((t) => t.topic === topic)?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    const unset = partitions.some((p) => p.offset === '-1');
    const low = unset ? new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.low])) : new Map<number, string>();
    const moved = partitions
      .map((p) => ({
        partition: p.partition,
        offset: p.offset === '-1' ? (low.get(p.partition) ?? '0') : p.offset,
        now: current.get(p.partition) ?? -1,
      }))
      .filter((p) => p.now !== Number(p.offset));
    if (moved.length) out.push({ topic, partitions: moved });
  }
  return out;
}

/**
 * Commits the offsets as a member of the (empty) group: one consumer joins it for all the topics at
 * once, pauses them, seeks each partition (a seek commits at once) and leaves after its first fetch
 * — what kafkajs's admin.setOffsets does for one topic, whose join costs seconds each.
 */
async function commitAsMember(kafka: Kafka, groupId: string, moved: Moved[]): Promise<void> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: moved.map((t) => t.topic), fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${groupId}: no fetch within 60 s while committing the rewind`)),
        60_000,
      );
      consumer.on(consumer.events.FETCH, () => {
        clearTimeout(timer);
        resolve();
      });
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(moved.map((t) => ({ topic: t.topic })));
      for (const t of moved) for (const p of t.partitions) consumer.seek({ topic: t.topic, partition: p.partition, offset: p.offset });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Waits until none of the groups has members (a stopped service leaves at once; a killed one's
 * members stay until the broker's session timeout), then resolves; refuses after `waitMillis`.
 */
export async function expectGroupsEmpty(
  admin: Admin,
  groupIds: readonly string[],
  waitMillis = 90_000,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const started = Date.now();
  const deadline = started + waitMillis;
  for (let pass = 0; ; pass++) {
    const described = await admin.describeGroups([...groupIds]);
    const busy = described.groups.filter((g) => g.members.length > 0).map((g) => g.groupId);
    if (!busy.length) {
      if (pass) log(`consumer groups empty after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    if (!pass) log(`waiting for the members of ${busy.join(', ')} to leave`);
    if (Date.now() > deadline)
      throw new Error(
        `consumer groups still have members after ${waitMillis / 1000} s (${busy.join(', ')}): stop the services before the rewind`,
      );
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
