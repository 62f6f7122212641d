import {
  EligibilityRetryV1,
  EligibilityRetryV2,
  EligibilityRetryV3,
  EligibilityRetryV4,
  type EligibilityAnswerSource,
  type EligibilityRequestedV1,
  type EligibilityRequestedV2,
  type EligibilityRequestedV3,
  type EligibilityRequestedV4,
  type EventOf,
  type LookupResultV2,
} from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import type { ResilientLookup } from '../adapters/resilient-lookup';
import { NO_REPORT_REASON, resultOfReport } from '../domain/device-report.decide';
import { sourceFor, type EligibilitySourceSettings, type UpstreamSourceKind } from '../domain/eligibility-source';
import { answerLookup, type LookupRequest } from '../domain/lookup-record.decide';
import { terminalQueryOf } from '../domain/terminal-answer.decide';
import type { BridgedRequest, BridgeRequest, BridgeRequestRepository } from '../persistence/bridge-request.repository';
import { lookupRecordStore, type LookupRecord, type LookupRecordRepository } from '../persistence/lookup-record.repository';

/** Where answers come from (domain/eligibility-source.ts), and what each source needs. */
export interface AnswerSources {
  settings: EligibilitySourceSettings;
  /** The port's adapters, each behind its resilience: one per upstream source the settings name. */
  upstreams: Partial<Record<UpstreamSourceKind, ResilientLookup>>;
  /** The questions waiting for 既存型 institutions' on-site bridges. */
  bridge: BridgeRequestRepository;
}

type Ctx = { subject: string; correlationId: string; causationId: string };

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
  if (version === 4) {
    // A v4 request naming an institution is a v3 request (answered v3); v4 stays for an insurer's session.
    const v4 = data as EventOf<typeof EligibilityRequestedV4>['data'];
    if (v4.institutionNumber === undefined) return { version: 4, data: v4 };
    const { onlineEligibilityCode: _none, ...v3 } = v4;
    return { version: 3, data: { ...v3, institutionNumber: v4.institutionNumber } };
  }
  if (version === 3) return { version: 3, data: data as EventOf<typeof EligibilityRequestedV3>['data'] };
  return version === 2
    ? { version: 2, data: data as EventOf<typeof EligibilityRequestedV2>['data'] }
    : { version: 1, data: data as EventOf<typeof EligibilityRequestedV1>['data'] };
}

/** A stored bridge question's request: v3 names its stop, v2 does not. */
function bridgedRequest(data: BridgedRequest): LookupRequest {
  return 'stopId' in data ? { version: 3, data } : { version: 2, data };
}

/**
 * Answers a session's eligibility request from its institution's source and publishes the answer
 * for matching:
 * - a request carrying the device's report (限定型) is answered from it, with no call (any source);
 * - `device-reported` without a report: "unavailable", saying the report is missing;
 * - `oqs-terminal` (既存型): the question waits for the institution's on-site bridge (GET
 *   /bridge/requests); its answer (POST /bridge/answers, `answerFromBridge`) resolves the session;
 * - `simulator`, `generic-http`: the adapter behind the port, with its resilience.
 * A request not answered yet (the upstream down, the bridge not answering yet) is parked on the
 * retry topic and tried again until it is answered or the deadline passes ("unavailable"). A session
 * is answered once: its lookup record is checked before every attempt.
 */
export class ResolveEligibilityHandler {
  private readonly answers: AggregateStore<LookupRecord>;

  constructor(
    private readonly sources: AnswerSources,
    private readonly records: LookupRecordRepository,
    /** Only for the retry topic: a parked request is no state change, so it needs no outbox. */
    private readonly publisher: EventPublisher,
    outbox: Outbox,
    private readonly clock: () => Date,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.answers = lookupRecordStore(records, outbox);
  }

  /**
   * v3 requests (answered qualification.resolved v3), v2 requests (with the voucher, echoed into
   * qualification.resolved v2) and v1 requests still on the topic (answered v1).
   */
  async handle(
    event:
      | EventOf<typeof EligibilityRequestedV4>
      | EventOf<typeof EligibilityRequestedV3>
      | EventOf<typeof EligibilityRequestedV2>
      | EventOf<typeof EligibilityRequestedV1>,
  ): Promise<void> {
    const deadline = new Date(Date.parse(event.time) + this.policy.deadlineMillis).toISOString();
    await this.attempt(event, requestOf(event.version, event.data), 1, deadline);
  }

  /** A parked request, on the retry version of its request's version. */
  async handleRetry(
    event:
      | EventOf<typeof EligibilityRetryV4>
      | EventOf<typeof EligibilityRetryV3>
      | EventOf<typeof EligibilityRetryV2>
      | EventOf<typeof EligibilityRetryV1>,
  ): Promise<void> {
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
    const { sessionId, cardReference, checkupDate } = request.data;
    const ctx: Ctx = { subject: sessionId, correlationId: event.correlationId, causationId: event.id };
    // Answers that call nobody need no read first: the answer is written once per session (insert-once),
    // so a redelivery or a racing retry writes and sends nothing.
    // 限定型: what the device's national app showed is the answer, whichever source the institution has.
    const reported = request.version === 1 ? undefined : request.data.reported;
    if (reported) return this.answer(request, resultOfReport(reported, checkupDate), 0, ctx, 'device-reported');
    if (request.version === 4) {
      // An insurer running checkups itself confirms on its own 限定型 devices, which report what the
      // national app showed; the sources chosen per institution (terminal, simulator) are not its.
      const reason = 'a session on an insurer’s own device is answered from the device’s report (限定型), and none came';
      return this.answer(request, { status: 'unavailable', reason }, 0, ctx, 'device-reported');
    }
    const institutionNumber = request.data.institutionNumber!;
    const source = sourceFor(this.sources.settings, institutionNumber);
    if (source === 'device-reported')
      return this.answer(request, { status: 'unavailable', reason: NO_REPORT_REASON }, 0, ctx, 'device-reported');
    // A call (national system, bridge) is made once per session: an answered session is not asked again.
    if (await this.records.get(sessionId)) return;
    const now = this.clock();
    if (now.toISOString() >= deadline) {
      // The only "unavailable" given without an answer: it names no source.
      const who =
        source === 'oqs-terminal'
          ? 'the 資格確認端末 (既存型) did not answer through its on-site bridge'
          : 'the national eligibility system did not answer';
      await this.answer(
        request,
        { status: 'unavailable', reason: `${who} before the deadline (${attempt - 1} attempts)` },
        0,
        ctx,
        undefined,
      );
      if (source === 'oqs-terminal') await this.sources.bridge.close(sessionId);
      return;
    }
    if (source === 'oqs-terminal') return this.viaTerminal(request, attempt, deadline, now, ctx);

    const lookup = this.sources.upstreams[source];
    if (!lookup) throw new Error(`no adapter for the ${source} source of institution ${institutionNumber}`);
    const started = performance.now();
    // The national system sees what the lookup needs only: never the voucher.
    // A request without a report carries a card reference (v3: exactly one of the two; v1/v2: always).
    if (!cardReference) throw new Error(`eligibility request ${sessionId} carries neither a report nor a card reference`);
    const result = await lookup.lookup({ cardReference, onDate: checkupDate, institutionNumber });
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
    // An adapter's "unavailable" is retried above; a final one here names no adapter.
    await this.answer(request, result, upstreamMillis, ctx, result.status === 'unavailable' ? undefined : lookup.answeredBy);
  }

  /**
   * 既存型: the first attempt opens the question for the bridge (or finds it opened by a redelivery);
   * until the bridge answers, the request waits on the retry topic, which only watches the deadline
   * (and picks up an answer stored just before a crash): the bridge's answer resolves the session itself.
   */
  private async viaTerminal(
    request: Exclude<LookupRequest, { version: 4 }>,
    attempt: number,
    deadline: string,
    now: Date,
    ctx: Ctx,
  ): Promise<void> {
    const { sessionId, institutionNumber } = request.data;
    if (request.version === 1) {
      const reason = 'a v1 request carries no voucher or query for the 資格確認端末 (既存型)';
      return this.answer(request, { status: 'unavailable', reason }, 0, ctx, 'oqs-terminal');
    }
    let pending = await this.sources.bridge.get(sessionId);
    if (!pending) {
      const made = terminalQueryOf(request.data);
      if ('problem' in made) return this.answer(request, { status: 'unavailable', reason: made.problem }, 0, ctx, 'oqs-terminal');
      pending = await this.sources.bridge.open({
        requestId: sessionId,
        institutionNumber,
        requestedAt: now.toISOString(),
        deadline,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        query: made.query,
        request: request.data,
      });
    }
    if (pending.status === 'answered' && pending.answer) return this.answerFromBridge(pending);
    const notBefore = new Date(Math.min(Date.parse(deadline), now.getTime() + this.policy.maxBackoffMillis)).toISOString();
    // The question is stored: the parked copy leaves out its personal data (the bus need not carry it again).
    const { terminalQuery: _stored, ...withoutQuery } = request.data;
    await this.park(
      bridgedRequest(withoutQuery),
      { attempt, notBefore, deadline, lastError: 'waiting for the on-site bridge of the 資格確認端末' },
      ctx,
    );
  }

  /**
   * A bridge request answered by the terminal resolves its session (answered by `oqs-terminal`; the
   * time from the question to the answer as upstream time) and is closed, forgetting the question.
   * Safe to call again: a session is answered once.
   */
  async answerFromBridge(pending: BridgeRequest): Promise<void> {
    const { answer, request } = pending;
    if (!answer || !request) return; // closed meanwhile: the session is answered
    const ctx: Ctx = { subject: request.sessionId, correlationId: pending.correlationId, causationId: pending.causationId };
    const upstreamMillis = Math.max(0, Date.parse(answer.receivedAt) - Date.parse(pending.requestedAt));
    await this.answer(bridgedRequest(request), answer.result, upstreamMillis, ctx, 'oqs-terminal');
    await this.sources.bridge.close(pending.requestId);
  }

  private async answer(
    request: LookupRequest,
    result: LookupResultV2,
    upstreamMillis: number,
    ctx: Ctx,
    answeredBy: EligibilityAnswerSource | undefined,
  ): Promise<void> {
    // The answer and its event in one write (outbox): stored ⇔ published, and only once per session.
    await this.answers.create(answerLookup(request, result, upstreamMillis, this.clock(), answeredBy), { context: ctx });
  }

  /**
   * Parks the request on the retry topic of its version: v3 on v3 (v2 cannot hold a request without
   * a card reference or a voucher), v2 keeps the voucher the answer must echo, v1 on v1.
   */
  private async park(
    request: LookupRequest,
    retry: { attempt: number; notBefore: string; deadline: string; lastError: string },
    ctx: Ctx,
  ): Promise<void> {
    if (request.version === 4) await this.publisher.publish(EligibilityRetryV4, { request: request.data, ...retry }, ctx);
    else if (request.version === 3) await this.publisher.publish(EligibilityRetryV3, { request: request.data, ...retry }, ctx);
    else if (request.version === 2) await this.publisher.publish(EligibilityRetryV2, { request: request.data, ...retry }, ctx);
    else await this.publisher.publish(EligibilityRetryV1, { request: request.data, ...retry }, ctx);
  }
}
