import type { CapturedSessionRequest } from '@hcv/contracts';

/**
 * The bus's offline queue: visits captured while offline (an alternative document or the paper
 * route, never a card read: 資格確認限定型 is online only), each with its captured-at time and an
 * idempotency key made when it was captured. Sent in order when the network is back; a resend —
 * after a lost answer, a reload, two tabs — gives the same session (card-session derives the session
 * from device + key), so a visit is never recorded twice. An entry leaves the queue once the service
 * has it; one the service refuses stays, with the reason, until the staff discard it.
 */
export interface QueuedVisit {
  idempotencyKey: string;
  request: CapturedSessionRequest;
  queuedAt: string;
  attempts: number;
  refused?: { code: string; message: string };
}

/** Where the queue lives (IndexedDB in the browser, encrypted; a map in specs). */
export interface QueueStore {
  all(): Promise<QueuedVisit[]>;
  put(visit: QueuedVisit): Promise<void>;
  remove(idempotencyKey: string): Promise<void>;
}

export type SendResult =
  | { kind: 'sent'; sessionId: string; resent: boolean }
  /** The service answered with a refusal that a resend would not change (4xx). */
  | { kind: 'refused'; code: string; message: string }
  /** No answer, or one worth retrying (network, 5xx, 429, 401 while the clock or key settles). */
  | { kind: 'retry' };

export interface FlushReport {
  sent: { idempotencyKey: string; sessionId: string; resent: boolean }[];
  refused: string[];
  remaining: number;
  stoppedEarly: boolean;
}

export function capturedVisit(request: CapturedSessionRequest, queuedAt: string): QueuedVisit {
  return { idempotencyKey: request.idempotencyKey, request, queuedAt, attempts: 0 };
}

/** A fresh idempotency key: the device and a random UUID (the service accepts 8–128 of A-Z a-z 0-9 _ . : -). */
export function newIdempotencyKey(deviceId: string, uuid: string): string {
  return `${deviceId}:${uuid}`.replace(/[^A-Za-z0-9_.:-]/g, '-').slice(0, 128);
}

/**
 * Sends every waiting visit, oldest capture first; stops at the first that must be retried (the
 * network is still bad: the others would fail too). One flush at a time per queue (a second call
 * while one runs joins it), so a visit is never in flight twice from this page.
 */
export class OfflineQueue {
  private running: Promise<FlushReport> | undefined;
  constructor(
    private readonly store: QueueStore,
    private readonly send: (request: CapturedSessionRequest) => Promise<SendResult>,
  ) {}

  async add(visit: QueuedVisit): Promise<void> {
    await this.store.put(visit);
  }

  async waiting(): Promise<QueuedVisit[]> {
    return (await this.store.all()).sort((a, b) => a.request.capturedAt.localeCompare(b.request.capturedAt));
  }

  async discard(idempotencyKey: string): Promise<void> {
    await this.store.remove(idempotencyKey);
  }

  flush(): Promise<FlushReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<FlushReport> {
    const report: FlushReport = { sent: [], refused: [], remaining: 0, stoppedEarly: false };
    const visits = await this.waiting();
    for (const visit of visits) {
      if (visit.refused) continue;
      const result = await this.send(visit.request);
      if (result.kind === 'sent') {
        await this.store.remove(visit.idempotencyKey);
        report.sent.push({ idempotencyKey: visit.idempotencyKey, sessionId: result.sessionId, resent: result.resent });
      } else if (result.kind === 'refused') {
        await this.store.put({ ...visit, attempts: visit.attempts + 1, refused: { code: result.code, message: result.message } });
        report.refused.push(visit.idempotencyKey);
      } else {
        await this.store.put({ ...visit, attempts: visit.attempts + 1 });
        report.stoppedEarly = true;
        break;
      }
    }
    report.remaining = (await this.store.all()).length;
    return report;
  }
}

/** A memory store (specs; also the fallback when IndexedDB is unavailable, said on screen). */
export class MemoryQueueStore implements QueueStore {
  private readonly visits = new Map<string, QueuedVisit>();
  async all() {
    return [...this.visits.values()];
  }
  async put(visit: QueuedVisit) {
    this.visits.set(visit.idempotencyKey, structuredClone(visit));
  }
  async remove(idempotencyKey: string) {
    this.visits.delete(idempotencyKey);
  }
}
