import { FAULT_POPULATION, FAULT_SEED, startFaultPlatform, type FaultPlatform } from './support/fault-platform';
import { recordFaultRows, type FaultRow } from './support/fault-report';
import { expectNothingLostOrDuplicated, runFaultScenario } from './support/fault-scenario';
import { ControllableUpstream } from './support/national-system-upstream';

/**
 * The national eligibility system answers slowly, then fails (HTTP 503), then
 * recovers, under steady load. qualification-lookup's generic HTTP adapter talks to an upstream this test
 * controls; its timeout, retries, circuit breaker and retry topic carry the sessions through.
 * Every accepted verification reaches exactly one outcome and one complete audit trail.
 */
jest.setTimeout(600_000);

const RATE = Number(process.env.FAULT_RATE ?? 6);
const SLOW_MILLIS = 10_000;
const FAILING_MILLIS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: the national system slow, failing, then recovered', () => {
  const upstream = new ControllableUpstream({ seed: FAULT_SEED, population: FAULT_POPULATION });
  let platform: FaultPlatform;
  const rows: FaultRow[] = [];

  beforeAll(async () => {
    const url = await upstream.start();
    platform = await startFaultPlatform({
      name: 'national',
      serviceEnv: {
        'qualification-lookup': {
          ELIGIBILITY_SOURCE: 'generic-http',
          GENERIC_HTTP_URL: url,
          LOOKUP_TIMEOUT_MS: '1500',
          LOOKUP_CIRCUIT_COOLDOWN_MS: '3000',
        },
      },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await upstream.stop();
    if (rows.length) console.log(recordFaultRows(rows));
  });

  it('3d: slow answers, then HTTP 503s, then recovery', async () => {
    const result = await runFaultScenario({
      id: '3d',
      fault: `national system slow (1.0 s per answer) ${SLOW_MILLIS / 1000} s, then HTTP 503 ${FAILING_MILLIS / 1000} s, then healthy`,
      platform,
      brokers: process.env.KAFKA_BROKERS!.split(','),
      ratePerSecond: RATE,
      inject: async () => {
        upstream.mode = { kind: 'slow', delayMillis: 1_000 };
        await sleep(SLOW_MILLIS);
        upstream.mode = { kind: 'failing', status: 503 };
        await sleep(FAILING_MILLIS);
        upstream.mode = { kind: 'healthy' };
        return Date.now();
      },
      notes: () => `upstream calls: ${JSON.stringify(upstream.calls)}`,
    });
    rows.push(result.row);
    // The fault really reached the adapter: slow and failing calls were made.
    expect(upstream.calls.slow).toBeGreaterThan(0);
    expect(upstream.calls.failing).toBeGreaterThan(0);
    expectNothingLostOrDuplicated(result);
  });
});
