import {
  EligibilityRetryV1,
  EligibilityRetryV2,
  type EligibilityRequestedV1,
  type EligibilityRequestedV2,
  type EventOf,
  type LookupResultV2,
} from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import { answerLookup, type LookupRequest } from '../domain/lookup-record.decide';
import { lookupRecordStore, type LookupRecord, type LookupRecordRepository } from '../persistence/lookup-record.repository';
import type { ResilientLookup } from '../adapters/resilient-lookup';

export interface RetryPolicy {
  /** After this long without an answer, the session is answered "unavailable" (→ manual check). */
  deadlineMillis: number;
  /** Longest a retry waits in one delivery (kept under the consumer session timeout). */
  parkSliceMillis: number;
  maxBackoffMillis: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMillis: 10 * 60_000, parkSliceMillis: 5_000, maxBackoffMillis: 30_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The request of an event, tagged with its version (the answer's version follows it). */
function requestOf(version: number, data: unknown): LookupRequest {
  return version === 2
    ? { version: 2, data: data as EventOf<typeof EligibilityRequestedV2>['data'] }
    : { version: 1, data: data as EventOf<typeof EligibilityRequestedV1>['data'] };
}

/**
 * Asks the national system about the visitor's card and publishes the answer for matching. When
 * the system cannot answer, the request is parked on the retry topic and retried with growing
 * waits until it answers or the deadline passes. A session is answered once: its lookup record is
 * checked before every attempt (a redelivered request or retry is then skipped).
 */
export class ResolveEligibilityHandler {
  private readonly answers: AggregateStore<LookupRecord>;

  constructor(
    private readonly lookup: ResilientLookup,
    private readonly records: LookupRecordRepository,
    /** Only for the retry topic: a parked request is no state change, so it needs no outbox. */
    private readonly publisher: EventPublisher,
    outbox: Outbox,
    private readonly clock: () => Date,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.answers = lookupRecordStore(records, outbox);
  }

  /** v2 requests (with the voucher, echoed into qualification.resolved v2) and v1 requests still on the topic (answered v1). */
  async handle(event: EventOf<typeof EligibilityRequestedV2> | EventOf<typeof EligibilityRequestedV1>): Promise<void> {
    const deadline = new Date(Date.parse(event.time) + this.policy.deadlineMillis).toISOString();
    await this.attempt(event, requestOf(event.version, event.data), 1, deadline);
  }

  /** A parked request, on the retry version of its request's version. */
  async handleRetry(event: EventOf<typeof EligibilityRetryV2> | EventOf<typeof EligibilityRetryV1>): Promise<void> {
    const { attempt, notBefore, deadline } = event.data;
    const request = requestOf(event.version, event.data.request);
    const wait = Date.parse(notBefore) - this.clock().getTime();
    if (wait > this.policy.parkSliceMillis) {
      // Not due yet: wait one slice and put it back on the retry topic, keeping the partition moving.
      await sleep(this.policy.parkSliceMillis);
      await this.park(
        request,
        { attempt, notBefore, deadline, lastError: event.data.lastError },
        {
          subject: request.data.sessionId,
          correlationId: event.correlationId,
          causationId: event.id,
        },
      );
      return;
    }
    if (wait > 0) await sleep(wait);
    await this.attempt(event, request, attempt + 1, deadline);
  }

  private async attempt(
    event: { id: string; correlationId: string },
    request: LookupRequest,
    attempt: number,
    deadline: string,
  ): Promise<void> {
    const { sessionId, cardReference, checkupDate, institutionNumber } = request.data;
    if (await this.records.get(sessionId)) return; // already answered: never twice
    const ctx = { subject: sessionId, correlationId: event.correlationId, causationId: event.id };
    const now = this.clock();
    if (now.toISOString() >= deadline) {
      await this.answer(
        request,
        { status: 'unavailable', reason: `the national eligibility system did not answer before the deadline (${attempt - 1} attempts)` },
        0,
        ctx,
      );
      return;
    }
    const started = performance.now();
    // The national system sees what the lookup needs only: never the voucher.
    const result = await this.lookup.lookup({ cardReference, onDate: checkupDate, institutionNumber });
    const upstreamMillis = Math.round((performance.now() - started) * 10) / 10;
    if (result.status === 'deferred') {
      const backoff = Math.min(this.policy.maxBackoffMillis, Math.max(result.retryAfterMillis, 250 * 2 ** Math.min(attempt, 10)));
      await this.park(
        request,
        { attempt, notBefore: new Date(now.getTime() + backoff).toISOString(), deadline, lastError: result.reason.slice(0, 200) },
        ctx,
      );
      return;
    }
    await this.answer(request, result, upstreamMillis, ctx);
  }

  private async answer(
    request: LookupRequest,
    result: LookupResultV2,
    upstreamMillis: number,
    ctx: { subject: string; correlationId: string; causationId: string },
  ) {
    // The answer and its event in one write (outbox): stored ⇔ published, and only once per session.
    // The only final "unavailable" is the deadline's, given without a call: it names no adapter.
    const answeredBy = result.status === 'unavailable' ? undefined : this.lookup.answeredBy;
    await this.answers.create(answerLookup(request, result, upstreamMillis, this.clock(), answeredBy), { context: ctx });
  }

  /** Parks the request on the retry topic of its version (v2 keeps the voucher the answer must echo). */
  private async park(
    request: LookupRequest,
    retry: { attempt: number; notBefore: string; deadline: string; lastError: string },
    ctx: { subject: string; correlationId: string; causationId: string },
  ): Promise<void> {
    if (request.version === 2) await this.publisher.publish(EligibilityRetryV2, { request: request.data, ...retry }, ctx);
    else await this.publisher.publish(EligibilityRetryV1, { request: request.data, ...retry }, ctx);
  }
}
