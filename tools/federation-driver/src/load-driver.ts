import { seededRandom } from '@hcv/eligibility-simulator';
import { PlatformHttpError, type PlatformClient } from './platform-client';
import type { LoadPlan, LoadVisit } from './load-plan';
import { summarise, type LatencySummary } from './latency-stats';

/** How the driver learns a session's outcome: polling the device API (default) or an event feed. */
export type OutcomeWaiter = (sessionId: string, timeoutMillis: number) => Promise<{ kind: string }>;

export type VisitStarter = (visit: LoadVisit, deviceId: string, options: { checkupDate: string; key: string }) => Promise<string>;

export interface LoadOptions {
  /** Arrivals per second, scheduled independently of completions (open loop). */
  rate: number;
  durationSeconds: number;
  /** `poisson`: exponential inter-arrival times (seeded); `fixed`: exactly 1/rate apart. */
  arrival?: 'poisson' | 'fixed';
  /** Arrivals beyond this many unfinished verifications are shed (counted, not queued). */
  maxInFlight?: number;
  /** A verification not completed within this is counted as an error. */
  timeoutMillis?: number;
  checkupDate: string;
  seed?: number;
  /** Where in the plan's visits this run starts (so consecutive runs do not present the same vouchers). */
  firstVisit?: number;
  /** Tag making captured sessions' idempotency keys unique to this run. */
  runTag?: string;
  awaitOutcome?: OutcomeWaiter;
  /** Starts a visit some other way than the device API (e.g. calling the use case in process); returns the session id. */
  startVisit?: VisitStarter;
  onProgress?: (progress: LoadProgress) => void;
  /** Called once a verification's session exists (e.g. to correlate event timings). */
  onSessionStarted?: (sessionId: string, visit: LoadVisit) => void;
}

/** One line of progress: the last second, plus the running in-flight count. */
export interface LoadProgress {
  second: number;
  sent: number;
  completed: number;
  inFlight: number;
  errors: number;
  shed: number;
  p50: number;
  p95: number;
}

export interface LoadReport {
  rate: number;
  arrival: 'poisson' | 'fixed';
  durationSeconds: number;
  /** Arrivals the schedule produced. */
  offered: number;
  sent: number;
  completed: number;
  shed: number;
  errors: number;
  errorKinds: Record<string, number>;
  outcomes: Record<string, number>;
  methods: Record<string, number>;
  inFlightCap: number;
  maxInFlight: number;
  /** Completions per second over the arrival window plus the drain of the last in-flight ones. */
  throughput: number;
  /** Completions per second within the arrival window only. */
  throughputInWindow: number;
  /** From the scheduled arrival to the outcome read back (so schedule lag counts too). */
  latency: LatencySummary;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorKind(error: unknown): string {
  if (error instanceof PlatformHttpError) {
    const code = (error.body as { error?: { code?: string } } | undefined)?.error?.code;
    return `http ${error.status}${code ? ` ${code}` : ''}`;
  }
  const message = (error as Error)?.message ?? String(error);
  if (/not completed within/.test(message)) return 'timeout';
  return ((error as Error)?.name ?? 'Error') + ': ' + message.slice(0, 80);
}

/** Starts one visit on `deviceId` the way a device does; resolves with the session id once the voucher is in. */
async function startVisit(
  client: PlatformClient,
  visit: LoadVisit,
  deviceId: string,
  options: { checkupDate: string; key: string },
): Promise<string> {
  const card = {
    identityCheck: visit.method === 'card-visual' ? ('visual' as const) : ('pin' as const),
    // A 目視確認 names the staff member who did it.
    ...(visit.method === 'card-visual' ? { checkedBy: 'desk-staff' } : {}),
    cardReference: visit.cardReference,
  };
  if (visit.method === 'captured') {
    const captured = await client.submitCaptured({
      idempotencyKey: options.key,
      deviceId,
      purpose: visit.purpose,
      checkupDate: options.checkupDate,
      capturedAt: new Date(Date.now() - 60_000).toISOString(),
      // Offline, only an alternative document or the paper route can be recorded (a card read needs the line).
      ...(visit.alternative ? { alternative: visit.alternative } : {}),
      voucher: visit.voucher,
    });
    return captured.sessionId;
  }
  const opened = await client.openSession({ deviceId, purpose: visit.purpose, checkupDate: options.checkupDate });
  if (visit.method === 'alternative' && visit.alternative) {
    await client.recordAlternative(opened.sessionId, visit.alternative);
  } else {
    await client.submitCardRead(opened.sessionId, { ...card, ...(card.identityCheck === 'pin' ? { pinVerified: true } : {}) });
  }
  await client.presentVoucher(opened.sessionId, visit.voucher);
  return opened.sessionId;
}

/**
 * Open-loop load: arrivals follow a schedule (Poisson or fixed interval) whatever the platform's
 * speed, so a slow platform shows as growing latency and in-flight work, never as a politely
 * lowered rate. A live visit needs a free device (one session per device); an arrival finding no
 * free device or the in-flight cap reached is shed and counted. Latency runs from the scheduled
 * arrival, so the driver's own lag is not hidden. Progress is reported every second.
 */
export async function runLoad(client: PlatformClient, plan: LoadPlan, options: LoadOptions): Promise<LoadReport> {
  const arrival = options.arrival ?? 'poisson';
  const timeoutMillis = options.timeoutMillis ?? 60_000;
  const liveDevices = plan.sites.flatMap((s) => s.devices);
  const inFlightCap = options.maxInFlight ?? liveDevices.length + plan.busDevices.length;
  const awaitOutcome: OutcomeWaiter =
    options.awaitOutcome ?? (async (id, timeout) => (await client.waitForOutcome(id, timeout, 200)).outcome!);
  // The plan's seeded generator: a seed repeats a run's arrivals.
  const random = seededRandom(options.seed ?? 1);
  const start: VisitStarter = options.startVisit ?? ((visit, deviceId, o) => startVisit(client, visit, deviceId, o));
  const runTag = options.runTag ?? Date.now().toString(36);

  // Least recently released first, so a device's previous session is long finished when it is reused.
  const freeDevices = [...liveDevices];
  let inFlight = 0;
  let maxInFlight = 0;
  let offered = 0;
  let sent = 0;
  let shed = 0;
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const methods: Record<string, number> = {};
  let window = { sent: 0, completed: 0, errors: 0, shed: 0, latencies: [] as number[] };
  const pending = new Set<Promise<void>>();

  const verify = async (visit: LoadVisit, index: number, scheduledAt: number) => {
    let deviceId = visit.method === 'captured' ? visit.deviceId : undefined;
    try {
      let sessionId: string | undefined;
      for (let attempt = 0; sessionId === undefined; attempt++) {
        if (visit.method !== 'captured') {
          deviceId = freeDevices.shift();
          if (!deviceId) throw new Error('no free device');
        }
        try {
          sessionId = await start(visit, deviceId!, { checkupDate: options.checkupDate, key: `load-${runTag}-${index}` });
        } catch (error) {
          // The device's previous session was completed a moment ago but its slot not yet released: try another.
          const busy =
            error instanceof PlatformHttpError && error.status === 409 && /device-has-active-session/.test(JSON.stringify(error.body));
          if (!busy || attempt >= 2 || visit.method === 'captured') throw error;
          freeDevices.push(deviceId!);
        }
      }
      options.onSessionStarted?.(sessionId, visit);
      const outcome = await awaitOutcome(sessionId, timeoutMillis);
      const millis = performance.now() - scheduledAt;
      latencies.push(millis);
      window.latencies.push(millis);
      window.completed++;
      outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
    } catch (error) {
      const kind = errorKind(error);
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      window.errors++;
    } finally {
      inFlight--;
      if (deviceId && visit.method !== 'captured') freeDevices.push(deviceId);
    }
  };

  const started = performance.now();
  const progress = setInterval(() => {
    const w = window;
    window = { sent: 0, completed: 0, errors: 0, shed: 0, latencies: [] };
    const s = summarise(w.latencies);
    options.onProgress?.({
      second: Math.round((performance.now() - started) / 1000),
      sent: w.sent,
      completed: w.completed,
      inFlight,
      errors: w.errors,
      shed: w.shed,
      p50: s.p50,
      p95: s.p95,
    });
  }, 1_000);

  const windowMillis = options.durationSeconds * 1000;
  let nextAt = 0;
  try {
    while (nextAt < windowMillis) {
      const now = performance.now() - started;
      if (nextAt > now) {
        await sleep(Math.min(nextAt - now, 20));
        continue;
      }
      // Every arrival whose time has come is launched now, however late the loop woke up.
      const index = offered++;
      const visit = plan.visits[((options.firstVisit ?? 0) + index) % plan.visits.length]!;
      const scheduledAt = started + nextAt;
      nextAt += arrival === 'fixed' ? 1000 / options.rate : (-Math.log(1 - random()) * 1000) / options.rate;
      if (inFlight >= inFlightCap || (visit.method !== 'captured' && freeDevices.length === 0)) {
        shed++;
        window.shed++;
        continue;
      }
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent++;
      window.sent++;
      methods[visit.method] = (methods[visit.method] ?? 0) + 1;
      const work = verify(visit, index, scheduledAt);
      pending.add(work);
      void work.finally(() => pending.delete(work));
    }
    const completedInWindow = latencies.length;
    const windowSeconds = (performance.now() - started) / 1000;
    while (pending.size) await Promise.race(pending);
    const seconds = (performance.now() - started) / 1000;
    const errors = Object.values(errorKinds).reduce((s, n) => s + n, 0);
    return {
      rate: options.rate,
      arrival,
      durationSeconds: options.durationSeconds,
      offered,
      sent,
      completed: latencies.length,
      shed,
      errors,
      errorKinds,
      outcomes,
      methods,
      inFlightCap,
      maxInFlight,
      throughput: latencies.length / seconds,
      throughputInWindow: completedInWindow / windowSeconds,
      latency: summarise(latencies),
      seconds,
    };
  } finally {
    clearInterval(progress);
  }
}
