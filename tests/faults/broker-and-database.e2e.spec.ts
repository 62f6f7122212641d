import { startFaultPlatform, type FaultPlatform } from './support/fault-platform';
import { recordFaultRows, type FaultRow } from './support/fault-report';
import { expectNothingLostOrDuplicated, runFaultScenario } from './support/fault-scenario';
import { PrivateInfra } from './support/private-infra';

/**
 * The Kafka broker, then the database server, is SIGKILLed mid-stream and
 * restarted, under steady load from devices; every verification the platform accepted reaches
 * exactly one outcome and one complete audit trail. The test runs its own broker and (persistent)
 * database server; the five services run as separate processes against them.
 */
jest.setTimeout(600_000);

const RATE = Number(process.env.FAULT_RATE ?? 6);
const OUTAGE_MILLIS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: broker and database killed under load', () => {
  let infra: PrivateInfra;
  let platform: FaultPlatform;
  const rows: FaultRow[] = [];

  beforeAll(async () => {
    infra = await PrivateInfra.start();
    platform = await startFaultPlatform({
      name: 'broker-db',
      env: { KAFKA_BROKERS: infra.state.kafkaBrokers, MONGO_URL: infra.state.mongoUrl },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await infra?.stop();
    if (rows.length) console.log(recordFaultRows(rows));
  });

  it('3a: the broker is SIGKILLed and restarted mid-stream', async () => {
    const result = await runFaultScenario({
      id: '3a',
      fault: `Kafka broker SIGKILL, down ${OUTAGE_MILLIS / 1000} s, restarted`,
      platform,
      brokers: [infra.state.kafkaBrokers],
      ratePerSecond: RATE,
      inject: async () => {
        await infra.command('kill-kafka');
        await sleep(OUTAGE_MILLIS);
        await infra.command('restart-kafka');
        return Date.now();
      },
    });
    rows.push(result.row);
    expectNothingLostOrDuplicated(result);
  });

  it('3b: the database server is SIGKILLed and restarted mid-stream (its data survives, as a mongod’s would)', async () => {
    const result = await runFaultScenario({
      id: '3b',
      fault: `MongoDB-wire server (H2 file backend) SIGKILL, down ${OUTAGE_MILLIS / 1000} s, restarted`,
      platform,
      brokers: [infra.state.kafkaBrokers],
      ratePerSecond: RATE,
      inject: async () => {
        await infra.command('kill-mongo');
        await sleep(OUTAGE_MILLIS);
        await infra.command('restart-mongo');
        return Date.now();
      },
    });
    rows.push(result.row);
    expectNothingLostOrDuplicated(result);
  });
});
