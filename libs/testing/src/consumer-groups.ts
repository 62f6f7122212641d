import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

/** Members of a consumer group on the test broker (KAFKA_BROKERS) and the partitions of `topic` each holds. */
export async function consumerGroupMembers(groupId: string, topic: string): Promise<Array<{ memberId: string; partitions: number[] }>> {
  const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((m) => ({
      memberId: m.memberId,
      partitions: AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [],
    }));
  } finally {
    await admin.disconnect();
  }
}
