import { z } from 'zod';
import { IsoDate } from '../common';
import { Timestamp } from './timestamps';
import { DeskCollection, EligibilitySource, FirstUse, VoucherCoverage } from '../voucher';

/** GET /audit/verify: the hash chains of a day range, and the first broken link if any. */
export const ChainVerificationResponse = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  ok: z.boolean(),
  chains: z.number().int().min(0),
  records: z.number().int().min(0),
  firstBroken: z
    .strictObject({
      chain: z.string(),
      seq: z.number().int(),
      eventId: z.string(),
      problem: z.enum(['content-changed', 'link-broken', 'record-missing']),
    })
    .optional(),
});

/** Non-personal search keys lifted from an event's data. */
const AuditFacets = z.strictObject({
  sessionId: z.string().optional(),
  deviceId: z.string().optional(),
  siteId: z.string().optional(),
  institutionNumber: z.string().optional(),
  insurerNumber: z.string().optional(),
});

/**
 * One ledger record as handed out: the event's envelope, where it was read from, and its data with the
 * personal fields (記号・番号・枝番, names, birth dates) masked — in clear for auditors only. The data is
 * the event's own contract (see the event catalogue), so it is not repeated here.
 */
export const AuditRecordResponse = z.strictObject({
  id: z.string(),
  type: z.string(),
  version: z.number().int(),
  time: Timestamp,
  source: z.string(),
  subject: z.string(),
  correlationId: z.string(),
  causationId: z.string().optional(),
  data: z.unknown(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  traceId: z.string().optional(),
  recordedAt: Timestamp,
  facets: AuditFacets.optional(),
});

/** The story of one session as the ledger tells it (no personal data: ids, places, kinds, times). */
const SessionStorySummary = z.strictObject({
  sessionId: z.string(),
  complete: z.boolean(),
  deviceId: z.string().optional(),
  institutionNumber: z.string().optional(),
  /** An insurer running checkups itself (its own device): its オンライン資格確認用コード. */
  onlineEligibilityCode: z.string().optional(),
  siteId: z.string().optional(),
  stopId: z.string().optional(),
  purpose: z.string().optional(),
  checkupDate: z.string().optional(),
  method: z.string().optional(),
  /** How the card holder was confirmed (pin, visual = 目視確認, face = 顔認証), by whom, and whether after a PIN lock. */
  identityCheck: z.string().optional(),
  checkedBy: z.string().optional(),
  afterPinLock: z.boolean().optional(),
  eligibilitySource: z.string().optional(),
  /** The last card problem reported and the desk's next steps. */
  cardProblem: z.strictObject({ problem: z.string(), nextSteps: z.array(z.string()), reportedAt: z.string() }).optional(),
  /** 人間ドック: identity verified by presenting the My Number card (its own step). */
  identityVerified: z.strictObject({ method: z.string(), checkedBy: z.string(), verifiedAt: z.string() }).optional(),
  withoutVoucher: z.boolean().optional(),
  linkedSessionId: z.string().optional(),
  capturedAt: z.string().optional(),
  /** An insurer-only confirmation (人間ドック without a voucher): "insurer confirmed — not an identity check". */
  insurerOnly: z.string().optional(),
  nationalSystem: z
    .strictObject({
      status: z.string(),
      upstreamMillis: z.number().optional(),
      resolvedAt: z.string().optional(),
      lostOn: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  voucherNumber: z.string().optional(),
  insurerNumber: z.string().optional(),
  /** The voucher as presented (its key: insurer + number; no 記号・番号). */
  voucher: z
    .strictObject({
      insurerNumber: z.string().optional(),
      voucherNumber: z.string(),
      voucherKind: z.string().optional(),
      validUntil: z.string().optional(),
      guidanceLevel: z.string().optional(),
      parts: z.array(z.string()).optional(),
      guidanceStep: z.string().optional(),
    })
    .optional(),
  /** How the eligibility was checked: online (who answered) or transcribed from a document (not verified online). */
  eligibilityCheck: z
    .strictObject({
      source: EligibilitySource,
      method: z.string().optional(),
      answeredBy: z.string().optional(),
      verifiedOnline: z.boolean(),
    })
    .optional(),
  outcome: z
    .strictObject({
      kind: z.string(),
      reason: z.string().optional(),
      reasonJa: z.string().optional(),
      mismatchedField: z.string().optional(),
      contractId: z.string().optional(),
      decidedAt: z.string().optional(),
      source: z.string().optional(),
      verifiedOnline: z.boolean().optional(),
      comparedSources: z.array(z.string()).optional(),
      differences: z.array(z.string()).optional(),
      /** The 窓口負担 the desk collected, part by part. */
      collect: DeskCollection.optional(),
      covers: VoucherCoverage.optional(),
      firstUse: FirstUse.optional(),
      /** Who settled it and how (the insurer contact and the reasons stay in the records). */
      settlement: z.strictObject({ kind: z.string(), by: z.string(), at: z.string() }).optional(),
      /** The settleable outcome a settlement superseded. */
      settledFrom: z.string().optional(),
    })
    .optional(),
  completedAt: z.string().optional(),
  elapsedMillis: z.number().optional(),
  cancelled: z.strictObject({ by: z.string(), reason: z.string() }).optional(),
  expired: z.boolean().optional(),
  undone: z.array(z.strictObject({ by: z.string(), reason: z.string(), at: z.string() })).optional(),
  openedAt: z.string().optional(),
});

export const SessionStory = SessionStorySummary.extend({
  timeline: z.array(
    z.strictObject({
      time: z.string(),
      type: z.string(),
      version: z.number().int(),
      source: z.string(),
      eventId: z.string(),
      traceId: z.string().optional(),
    }),
  ),
});

/** GET /audit/sessions: the matching sessions' stories, each with the number of its events. */
export const AuditSessionsResponse = z.strictObject({ sessions: z.array(SessionStorySummary.extend({ events: z.number().int().min(0) })) });

/** GET /audit/sessions/:sessionId: the story and its records. */
export const AuditSessionResponse = z.strictObject({ sessionId: z.uuid(), story: SessionStory, events: z.array(AuditRecordResponse) });

/** GET /audit/devices/:deviceId: the device's own records, in order. */
export const AuditDeviceEventsResponse = z.strictObject({ deviceId: z.string(), events: z.array(AuditRecordResponse) });

/** GET /audit/events: the records matching the search. */
export const AuditEventsResponse = z.strictObject({ events: z.array(AuditRecordResponse) });

/** The latency histogram's columns of the outcome export: at most 250 ms … at most 60 s, then above. */
export const OUTCOME_LATENCY_COLUMNS = [
  'le250',
  'le500',
  'le1000',
  'le2000',
  'le5000',
  'le10000',
  'le30000',
  'le60000',
  'gt60000',
] as const;

/** One rollup cell of the outcome export (no personal data: no session ids, no insurance numbers but the insurer's). */
export const OutcomeRollupRow = z.strictObject({
  day: IsoDate,
  institutionNumber: z.string(),
  siteId: z.string(),
  insurerNumber: z.string(),
  method: z.string(),
  purpose: z.string(),
  /** Where the eligibility came from: online, or transcribed from a document (not verified online). */
  source: EligibilitySource,
  outcome: z.string(),
  count: z.number().int().min(0),
  /** Of `count`, the sessions staff later settled (matched-after-settlement). */
  settled: z.number().int().min(0),
  meanMillis: z.number().nullable(),
  p50MillisAtMost: z.number().nullable(),
  p95MillisAtMost: z.number().nullable(),
  ...(Object.fromEntries(OUTCOME_LATENCY_COLUMNS.map((c) => [c, z.number().int().min(0)])) as Record<
    (typeof OUTCOME_LATENCY_COLUMNS)[number],
    z.ZodNumber
  >),
});

/** GET /analytics/outcomes as JSON. */
export const AnalyticsOutcomesResponse = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  dayBoundary: z.literal('JST (UTC+9)'),
  columns: z.array(z.string()),
  latencyBucketsMs: z.array(z.number()),
  rows: z.array(OutcomeRollupRow),
});

/**
 * FHIR R4 resources as the FHIR routes answer them. Only the outer shape is declared here (the full
 * FHIR R4 schema is large and is checked separately in the audit specs with the FHIR JSON schema
 * validator): the resource type, and the entries of a searchset Bundle.
 */
export const FhirCoverageEligibilityResponse = z.looseObject({ resourceType: z.literal('CoverageEligibilityResponse'), id: z.string() });
export const FhirSearchsetBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int().min(0),
  entry: z.array(z.looseObject({ fullUrl: z.string(), resource: FhirCoverageEligibilityResponse })),
});
