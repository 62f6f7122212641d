import { HandlersInFlight } from './handlers-in-flight';

describe('HandlersInFlight', () => {
  it('idle() resolves at once when nothing runs, else only when the last one in hand leaves', async () => {
    const inFlight = new HandlersInFlight();
    await expect(inFlight.idle()).resolves.toBeUndefined();
    inFlight.enter();
    inFlight.enter();
    let idle = false;
    const waiting = [inFlight.idle(), inFlight.idle()].map((p) => p.then(() => (idle = true)));
    inFlight.leave();
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    expect(inFlight.running).toBe(1);
    inFlight.leave();
    await Promise.all(waiting);
    expect(idle).toBe(true);
    // A later round: new waiters wait for the new ones in hand.
    inFlight.enter();
    let again = false;
    const next = inFlight.idle().then(() => (again = true));
    await new Promise((r) => setImmediate(r));
    expect(again).toBe(false);
    inFlight.leave();
    await next;
    expect(again).toBe(true);
  });
});
