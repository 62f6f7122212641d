import { QualificationResolvedV3, type ServiceName } from '@hcv/contracts';
import { consumerGroupMembers, PLATFORM_SERVICES, waitFor } from '@hcv/testing';
import { startFaultPlatform, type FaultPlatform } from './support/fault-platform';
import { recordFaultRows, type FaultRow } from './support/fault-report';
import { expectNothingLostOrDuplicated, runFaultScenario } from './support/fault-scenario';

/**
 * Each service in turn is SIGKILLed while it handles the stream and restarted; then
 * voucher-matching runs as two instances and one is killed, so its partitions move to the other.
 * Every accepted verification reaches exactly one outcome and one complete audit trail.
 */
jest.setTimeout(900_000);

const RATE = Number(process.env.FAULT_RATE ?? 6);
const DOWN_MILLIS = 2_000;
const SESSION_TIMEOUT_MILLIS = 6_000;
const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: each service killed mid-handling, and a partition moving between two instances', () => {
  let platform: FaultPlatform;
  const rows: FaultRow[] = [];

  beforeAll(async () => {
    // A killed service sends no leave: its group waits out the member's session before a restarted
    // instance's join completes (and before the survivor of 3c.6 takes the partitions). The broker's
    // floor, 6 s, instead of the services' default 15 s: each restart is about 9 s shorter.
    platform = await startFaultPlatform({ name: 'services', env: { KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MILLIS) } });
  });

  afterAll(async () => {
    await platform?.stop();
    if (rows.length) console.log(recordFaultRows(rows));
  });

  it.each(PLATFORM_SERVICES.map((s, i) => [s, i]))('3c: %s is SIGKILLed mid-handling and restarted', async (service, i) => {
    const result = await runFaultScenario({
      id: `3c.${Number(i) + 1}`,
      fault: `${service} SIGKILL, down ${DOWN_MILLIS / 1000} s, restarted`,
      platform,
      brokers: brokers(),
      ratePerSecond: RATE,
      inject: async () => {
        await platform.kill(service as ServiceName);
        await sleep(DOWN_MILLIS);
        await platform.restart(service as ServiceName);
        return Date.now();
      },
    });
    rows.push(result.row);
    expect(result.inFlightAtFault).toBeGreaterThan(0); // killed mid-handling, not while idle
    expectNothingLostOrDuplicated(result);
  });

  it('3c: voucher-matching runs as two instances; one is SIGKILLed and its partitions move to the other', async () => {
    const group = 'voucher-matching.match';
    const topic = QualificationResolvedV3.topic; // what voucher-matching consumes on a facility's verification path
    await platform.startExtraInstance('voucher-matching');
    // Both must hold partitions of the topic, so that killing either moves partitions that carry the stream.
    await waitFor(
      async () => (await consumerGroupMembers(group, topic)).filter((m) => m.partitions.length > 0).length === 2,
      90_000,
      `both instances to hold ${topic} partitions`,
    );
    const before = (await consumerGroupMembers(group, topic)).flatMap((m) => m.partitions).sort();
    const result = await runFaultScenario({
      id: '3c.6',
      fault: 'voucher-matching ×2, one SIGKILLed (not restarted): its partitions move',
      platform,
      brokers: brokers(),
      ratePerSecond: RATE,
      inject: async () => {
        await platform.kill('voucher-matching');
        return Date.now();
      },
    });
    // The outcomes can all be back before the group expels the dead member (when no session of the
    // scenario waited on its partitions): its partitions move only after its session timeout.
    await waitFor(async () => (await consumerGroupMembers(group, topic)).length === 1, 60_000, `the group to drop the killed instance`);
    const after = await consumerGroupMembers(group, topic);
    result.row.notes += `; ${topic} partitions [${before.join(',')}] split over 2 instances, then all held by the survivor`;
    rows.push(result.row);
    expect(after).toHaveLength(1);
    expect([...after[0]!.partitions].sort()).toEqual(before);
    expectNothingLostOrDuplicated(result);
  });
});
