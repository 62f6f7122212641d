import type { Admin } from 'kafkajs';
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
export async function rewindConsumerGroups(admin: Admin, groups: readonly ConsumerGroupOffsets[]): Promise<RewoundGroup[]> {
  await expectGroupsEmpty(
    admin,
    groups.map((g) => g.groupId),
  );
  const out: RewoundGroup[] = [];
  for (const group of groups) {
    const now = await admin.fetchOffsets({ groupId: group.groupId, topics: group.topics.map((t) => t.topic) });
    let replays = 0;
    for (const { topic, partitions } of group.topics) {
      const low = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.low]));
      const target = partitions.map((p) => ({
        partition: p.partition,
        offset: p.offset === '-1' ? (low.get(p.partition) ?? '0') : p.offset,
      }));
      const current = new Map(now.find((t) => t.topic === topic)?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
      for (const p of target) replays += Math.max(0, (current.get(p.partition) ?? 0) - Number(p.offset));
      await admin.setOffsets({ groupId: group.groupId, topic, partitions: target });
    }
    out.push({ groupId: group.groupId, replays });
  }
  return out;
}

/**
 * Waits until none of the groups has members (a stopped service leaves at once; a killed one's
 * members stay until the broker's session timeout), then resolves; refuses after `waitMillis`.
 */
export async function expectGroupsEmpty(admin: Admin, groupIds: readonly string[], waitMillis = 90_000): Promise<void> {
  const deadline = Date.now() + waitMillis;
  for (;;) {
    const described = await admin.describeGroups([...groupIds]);
    const busy = described.groups.filter((g) => g.members.length > 0).map((g) => g.groupId);
    if (!busy.length) return;
    if (Date.now() > deadline)
      throw new Error(
        `consumer groups still have members after ${waitMillis / 1000} s (${busy.join(', ')}): stop the services before the rewind`,
      );
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
