import { randomUUID } from 'node:crypto';
import { PlatformHttpError, type PlatformClient, type VisitPlan } from '@hcv/federation-driver';

/**
 * A thin open-loop load driver for the fault suite: every 1/rate seconds one visitor starts a
 * verification on a free device, whatever the platform is going through (open loop: a slow or
 * failing platform does not slow the arrivals down). Each verification is what a device does —
 * open, read the card, present the voucher — then the device polls card-session until the outcome
 * is readable. A device request that is refused (non-2xx or no answer) ends that visitor's attempt:
 * it was never accepted, and the device cancels the half-open session, as the operator would —
 * except the open: it carries an idempotency key, and one answered 503 or not at all is sent again
 * with the same key after the Retry-After (a device app does that), up to OPEN_ATTEMPTS times.
 * Every device write (open, card read, voucher) is recorded with its time and answer: what a
 * device felt during and after the fault.
 */
export interface Verification {
  visit: VisitPlan;
  deviceId: string;
  startedAt: number;
  sessionId?: string;
  /** All three device requests answered 2xx: the platform took the verification. */
  acceptedAt?: number;
  /** The outcome was read back from card-session. */
  completedAt?: number;
  outcome?: string;
  refused?: string;
}

/** One device write as the device saw it. */
export interface DeviceWrite {
  step: 'open' | 'card-read' | 'voucher';
  /** When it was sent (ms epoch). */
  at: number;
  millis: number;
  /** `2xx`, `<status> <code>` (e.g. `503 temporarily-unavailable`), or `no answer`. */
  answer: string;
}

/** Opens sent again with the same key after a 503 or no answer, and what the retry found. */
export interface OpenRetries {
  /** Retries sent. */
  sent: number;
  /** Retried opens answered 2xx (the same key: the session the first attempt stored, or a new one). */
  answered: number;
}

const OPEN_ATTEMPTS = 3;
const RETRY_AFTER_MILLIS = 2_000;

export interface LoadFigures {
  started: number;
  accepted: number;
  completed: number;
  refused: number;
  /** Arrivals that found no free device (the device pool was exhausted by a stall). */
  noFreeDevice: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACTIVE_SESSION = /\(([0-9a-f-]{36})\)/;

export class SteadyLoad {
  readonly verifications: Verification[] = [];
  readonly writes: DeviceWrite[] = [];
  readonly openRetries: OpenRetries = { sent: 0, answered: 0 };
  private readonly free: string[];
  private timer?: NodeJS.Timeout;
  private noFreeDevice = 0;
  private closed = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly client: PlatformClient,
    private readonly options: {
      /** The next visitor (each verification needs its own voucher: vouchers are single use). */
      nextVisit: () => VisitPlan | undefined;
      devices: string[];
      ratePerSecond: number;
      checkupDate: string;
      cardSessionUrl: () => string;
      pollMillis?: number;
    },
  ) {
    this.free = [...options.devices];
  }

  start(): void {
    this.timer = setInterval(() => this.arrive(), 1000 / this.options.ratePerSecond);
  }

  /** Stops the arrivals (verifications under way go on). */
  stopArrivals(): void {
    clearInterval(this.timer);
  }

  /** Ends every background loop (polls, cancels); call once the figures are taken. */
  async close(): Promise<void> {
    this.stopArrivals();
    this.closed = true;
    await Promise.allSettled([...this.running]);
  }

  accepted(): Verification[] {
    return this.verifications.filter((v) => v.acceptedAt !== undefined);
  }

  figures(): LoadFigures {
    const accepted = this.accepted();
    return {
      started: this.verifications.length,
      accepted: accepted.length,
      completed: accepted.filter((v) => v.completedAt !== undefined).length,
      refused: this.verifications.filter((v) => v.refused).length,
      noFreeDevice: this.noFreeDevice,
    };
  }

  /** Waits until every accepted verification has its outcome, or the time is up; whether all did. */
  async settle(timeoutMillis: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMillis;
    const pending = () =>
      this.verifications.some((v) => v.acceptedAt !== undefined && v.completedAt === undefined) ||
      this.verifications.some((v) => !v.refused && v.acceptedAt === undefined);
    while (pending() && Date.now() < deadline) await sleep(250);
    return !pending();
  }

  /** Waits until `condition` holds (checked every 100 ms); throws naming `what` after `timeoutMillis`. */
  async until(condition: () => boolean, timeoutMillis: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMillis} ms: ${JSON.stringify(this.figures())}`);
      await sleep(100);
    }
  }

  /** Waits until a verification that started after `since` has completed; resolves with its completion time. */
  async firstCompletionAfter(since: number, timeoutMillis: number): Promise<number> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const done = this.verifications.filter((v) => v.startedAt >= since && v.completedAt !== undefined).map((v) => v.completedAt!);
      if (done.length) return Math.min(...done);
      if (Date.now() > deadline) throw new Error(`no verification started after the fault completed within ${timeoutMillis} ms`);
      await sleep(100);
    }
  }

  private arrive(): void {
    const deviceId = this.free.shift();
    if (!deviceId) {
      this.noFreeDevice++;
      return;
    }
    const visit = this.options.nextVisit();
    if (!visit) throw new Error('the plan has no visits left: plan more for this run');
    const verification: Verification = { visit, deviceId, startedAt: Date.now() };
    this.verifications.push(verification);
    this.track(this.drive(verification));
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Runs one device write, recording how long it took and what it answered. */
  private async timed<T>(step: DeviceWrite['step'], request: () => Promise<T>): Promise<T> {
    const at = Date.now();
    try {
      const result = await request();
      this.writes.push({ step, at, millis: Date.now() - at, answer: '2xx' });
      return result;
    } catch (error) {
      this.writes.push({ step, at, millis: Date.now() - at, answer: answerOf(error) });
      throw error;
    }
  }

  /** Opens with an idempotency key, sending it again with the same key after a 503 or no answer. */
  private async open(v: Verification) {
    // Unique across the loads of one platform: the same key on the same device is the same session.
    const idempotencyKey = `fault-open-${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const opened = await this.timed('open', () =>
          this.client.openSession({
            idempotencyKey,
            deviceId: v.deviceId,
            purpose: v.visit.purpose,
            checkupDate: this.options.checkupDate,
          }),
        );
        if (attempt > 1) this.openRetries.answered++;
        return opened;
      } catch (error) {
        const retriable = !(error instanceof PlatformHttpError) || error.status === 503;
        if (!retriable || attempt >= OPEN_ATTEMPTS || this.closed) throw error;
        this.openRetries.sent++;
        await sleep(RETRY_AFTER_MILLIS);
      }
    }
  }

  private async drive(v: Verification): Promise<void> {
    try {
      const opened = await this.open(v);
      v.sessionId = opened.sessionId;
      await this.timed('card-read', () =>
        this.client.submitCardRead(opened.sessionId, {
          identityCheck: v.visit.identityCheck,
          ...(v.visit.identityCheck === 'pin' ? { pinVerified: true } : {}),
          // A 目視確認 names the staff member who did it.
          ...(v.visit.identityCheck === 'visual' ? { checkedBy: 'desk-staff' } : {}),
          cardReference: v.visit.cardReference,
        }),
      );
      await this.timed('voucher', () => this.client.presentVoucher(opened.sessionId, v.visit.voucher));
      v.acceptedAt = Date.now();
    } catch (error) {
      v.refused =
        error instanceof PlatformHttpError
          ? `${error.status} ${JSON.stringify(error.body).slice(0, 160)}`
          : String((error as Error).cause ?? error).slice(0, 160);
      // A 409 names the device's session that is still open (opened by a request whose answer was lost).
      const stale =
        error instanceof PlatformHttpError && error.status === 409 ? JSON.stringify(error.body).match(ACTIVE_SESSION)?.[1] : undefined;
      await this.release(v.deviceId, v.sessionId ?? stale);
      return;
    }
    await this.awaitOutcome(v);
    this.free.push(v.deviceId);
  }

  /** The device polls card-session until the outcome is there (errors while a service is down are retried). */
  private async awaitOutcome(v: Verification): Promise<void> {
    while (!this.closed) {
      try {
        const view = await this.client.getSession(v.sessionId!);
        if (view.state === 'completed') {
          v.completedAt = Date.now();
          v.outcome = view.outcome?.kind;
          return;
        }
      } catch {
        // the service is down or restarting: ask again
      }
      await sleep(this.options.pollMillis ?? 1_000); // 160 devices polling faster would load card-session more than the stream
    }
  }

  /** Cancels the device's half-open session (retrying while the platform is down), then frees the device. */
  private async release(deviceId: string, sessionId: string | undefined): Promise<void> {
    while (sessionId && !this.closed) {
      const url = `${this.options.cardSessionUrl()}/sessions/${sessionId}/cancel`;
      const body = JSON.stringify({ by: 'fault-driver', reason: 'a device request was refused' });
      const answer = await this.client.deviceRequest(deviceId, 'POST', url, body).catch(() => undefined);
      const code =
        answer && !answer.ok ? ((await answer.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code : undefined;
      // 2xx: cancelled; a state conflict: already finished (completed, cancelled, expired); 404: never stored.
      if (answer && (answer.ok || code === 'session-state-conflict' || answer.status === 404)) break;
      await sleep(1_000);
    }
    await sleep(500);
    this.free.push(deviceId);
  }
}

/** A refused write's kind: the status and the error code, or `no answer`. */
function answerOf(error: unknown): string {
  if (error instanceof PlatformHttpError) {
    const code = (error.body as { error?: { code?: string } } | undefined)?.error?.code;
    return `${error.status} ${code ?? ''}`.trim();
  }
  return 'no answer';
}
