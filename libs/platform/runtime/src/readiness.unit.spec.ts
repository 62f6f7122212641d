import { ReadinessHysteresis } from './readiness';

const run = (results: boolean[], policy = { failuresToNotReady: 3, successesToReady: 2 }) => {
  const readiness = new ReadinessHysteresis(policy);
  return results.map((passed) => readiness.observe(passed).ready);
};

describe('ReadinessHysteresis', () => {
  it('is not ready before its first passed probe, and ready at it (a start waits for nothing more)', () => {
    expect(run([false, false, true])).toEqual([false, false, true]);
  });

  it('stays ready through fewer failed probes in a row than the policy asks (a slow ping under load)', () => {
    expect(run([true, false, false, true, false, false, true])).toEqual([true, true, true, true, true, true, true]);
  });

  it('turns not ready after the policy’s failed probes in a row', () => {
    expect(run([true, false, false, false, false])).toEqual([true, true, true, false, false]);
  });

  it('comes back only after the policy’s passed probes in a row; one failure in between starts the count again', () => {
    expect(run([true, false, false, false, true, false, true, true])).toEqual([true, true, true, false, false, false, false, true]);
  });

  it('with 1 and 1 it follows every probe (no hysteresis)', () => {
    expect(run([true, false, true, false], { failuresToNotReady: 1, successesToReady: 1 })).toEqual([true, false, true, false]);
  });
});
