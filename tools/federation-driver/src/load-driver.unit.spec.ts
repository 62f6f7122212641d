import { runLoad } from './load-driver';
import { planLoad } from './load-plan';
import type { PlatformClient } from './platform-client';

const checkupDate = '2026-11-25';
const plan = planLoad({ seed: 11, population: 200, facilities: 2, buses: 1, devicesPerSite: 40, visits: 400, checkupDate });
// The driver reaches the platform only through these two seams here.
const unusedClient = {} as PlatformClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The schedule, the slow outcomes and the latencies all run on jest's clock (timers and
// performance.now): a second of load takes no real second, and a busy machine cannot skew it.
async function onFakeClock<T>(run: () => Promise<T>): Promise<T> {
  jest.useFakeTimers();
  try {
    const done = run();
    await jest.runAllTimersAsync();
    return await done;
  } finally {
    jest.useRealTimers();
  }
}

describe('open-loop load driver', () => {
  it('keeps the arrival schedule whatever the completions do (open loop), and reports in flight and latency', async () => {
    let started = 0;
    const report = await onFakeClock(() =>
      runLoad(unusedClient, plan, {
        rate: 100,
        durationSeconds: 1,
        arrival: 'fixed',
        checkupDate,
        startVisit: async () => `session-${started++}`,
        // Slow outcomes: a closed loop would send far fewer than 100 in the second.
        awaitOutcome: async () => (await sleep(400), { kind: 'matched' }),
      }),
    );
    expect(report.offered).toBe(100);
    expect(report.sent).toBe(100);
    expect(report.completed).toBe(100);
    expect(report.maxInFlight).toBeGreaterThanOrEqual(30);
    expect(report.latency.p50).toBeGreaterThanOrEqual(400);
    expect(report.outcomes).toEqual({ matched: 100 });
  });

  it('sheds arrivals beyond the in-flight cap and counts failures by kind', async () => {
    let n = 0;
    const report = await onFakeClock(() =>
      runLoad(unusedClient, plan, {
        rate: 200,
        durationSeconds: 0.5,
        arrival: 'fixed',
        maxInFlight: 5,
        checkupDate,
        startVisit: async () => {
          if (++n % 10 === 0) throw new Error('broken pipe');
          return `session-${n}`;
        },
        awaitOutcome: async () => (await sleep(100), { kind: 'matched' }),
      }),
    );
    expect(report.offered).toBe(100);
    expect(report.shed).toBeGreaterThan(50);
    expect(report.sent + report.shed).toBe(report.offered);
    expect(report.maxInFlight).toBe(5);
    expect(report.errors).toBeGreaterThan(0);
    expect(Object.keys(report.errorKinds)[0]).toMatch(/broken pipe/);
    expect(report.completed + report.errors).toBe(report.sent);
  });
});

describe('load plan', () => {
  it('mixes methods, purposes and scenarios, deterministically for a seed', () => {
    const count = <K extends string>(values: K[]) => values.reduce<Record<string, number>>((m, v) => ((m[v] = (m[v] ?? 0) + 1), m), {});
    const methods = count(plan.visits.map((v) => v.method));
    const purposes = count(plan.visits.map((v) => v.purpose));
    const scenarios = count(plan.visits.map((v) => v.scenario));
    for (const m of ['card-pin', 'card-visual', 'alternative', 'captured']) expect(methods[m]).toBeGreaterThan(0);
    for (const p of ['specific-checkup', 'specific-guidance', 'comprehensive-checkup']) expect(purposes[p]).toBeGreaterThan(0);
    for (const s of [
      'regular',
      'expired-voucher',
      'insurer-mismatch',
      'birth-date-mismatch',
      'unknown-card',
      'paper-only',
      'voucher-not-imported',
      'voucher-reused',
    ]) {
      expect(scenarios[s]).toBeGreaterThan(0);
    }
    // A captured session comes from a bus; a reused voucher comes back with its first visitor.
    for (const v of plan.visits.filter((x) => x.method === 'captured')) expect(plan.busDevices).toContain(v.deviceId);
    const reused = plan.visits.find((v) => v.scenario === 'voucher-reused')!;
    expect(plan.visits.find((v) => v !== reused && v.voucher === reused.voucher)?.cardReference).toBe(reused.cardReference);
    // The 券種 fits the purpose: a 受診券 for 特定健診 and 人間ドック, a 利用券 with its level for 特定保健指導
    for (const v of plan.visits) {
      expect(v.voucher.voucherKind).toBe(v.purpose === 'specific-guidance' ? 'guidance' : 'checkup');
      if (v.purpose === 'specific-guidance') expect(v.voucher.guidanceLevel).toBeDefined();
      expect(v.voucher.coordinator).toEqual({ kind: 'collective-A', organisation: expect.objectContaining({ id: 'zeneiren' }) });
    }
    // a paper-only voucher was never imported, every other one was (under its insurer and number)
    const imported = new Set(plan.vouchers.map((r) => `${r.insurerNumber}:${r.voucherNumber}`));
    for (const v of plan.visits.filter((x) => x.scenario === 'paper-only' || x.scenario === 'voucher-not-imported'))
      expect(imported.has(`${v.voucher.insurerNumber}:${v.voucher.voucherNumber}`)).toBe(false);
    for (const v of plan.visits.filter((x) => x.scenario === 'regular'))
      expect(imported.has(`${v.voucher.insurerNumber}:${v.voucher.voucherNumber}`)).toBe(true);
    expect(planLoad({ seed: 11, population: 200, facilities: 2, buses: 1, devicesPerSite: 40, visits: 400, checkupDate }).visits).toEqual(
      plan.visits,
    );
  });
});
