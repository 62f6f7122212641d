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
/** A count of an analyst's export: 1 to 4 people are shown as "<5" (small-cell suppression). */
const RollupCount = z.union([z.number().int().min(0), z.literal('<5')]);

export const OutcomeRollupRow = z.strictObject({
  day: IsoDate,
  /** The checkup institution operating the sessions; '-' for an insurer's own sessions. */
  institutionNumber: z.string(),
  /** The insurer running checkups itself (its オンライン資格確認用コード); '-' for an institution's sessions. */
  onlineEligibilityCode: z.string(),
  siteId: z.string(),
  insurerNumber: z.string(),
  method: z.string(),
  purpose: z.string(),
  /** Where the eligibility came from: online, or transcribed from a document (not verified online). */
  source: EligibilitySource,
  outcome: z.string(),
  count: RollupCount,
  /** Of `count`, the sessions staff later settled (matched-after-settlement). */
  settled: RollupCount,
  meanMillis: z.number().nullable(),
  p50MillisAtMost: z.number().nullable(),
  p95MillisAtMost: z.number().nullable(),
  ...(Object.fromEntries(OUTCOME_LATENCY_COLUMNS.map((c) => [c, RollupCount])) as Record<
    (typeof OUTCOME_LATENCY_COLUMNS)[number],
    typeof RollupCount
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
  /** Present when cells of fewer than `threshold` people are shown as `shownAs` (an analyst's export). */
  suppression: z.strictObject({ threshold: z.number().int().min(1), shownAs: z.literal('<5') }).optional(),
});

/** One decided session in the per-claim export (no 記号・番号, no names); times in JST (+09:00). */
export const ClaimExportRow = z.strictObject({
  institutionNumber: z.string().nullable(),
  insurerNumber: z.string().nullable(),
  /** 整理番号 of the voucher; null for a 人間ドック confirmed without one. */
  voucherNumber: z.string().nullable(),
  checkupDate: IsoDate.nullable(),
  method: z.string().nullable(),
  confirmedAt: Timestamp.nullable(),
  outcome: z.string(),
  /** The outcome staff settled (matched-after-settlement replaced it). */
  settledFrom: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** Who confirmed the holder (目視確認, or the 人間ドック identity step). */
  staff: z.string().nullable(),
  settledBy: z.string().nullable(),
  undoneAt: Timestamp.nullable(),
  siteId: z.string().nullable(),
  sessionId: z.string(),
});

/** GET /audit/claims as JSON. */
export const AuditClaimsResponse = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  timeZone: z.literal('JST (UTC+9)'),
  rows: z.array(ClaimExportRow),
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

/**
 * GET /desk/config.json: how the operations desk logs in (OpenID Connect, authorization code + PKCE
 * S256 against `issuer`, as the public client `clientId`, asking an access token for `audience`) and
 * where the APIs are. `issuer` null: no identity provider configured (development with HS256 tokens);
 * an API URL null: the desk's own origin (audit) or not configured.
 */
export const DeskClientConfig = z.strictObject({
  issuer: z.string().nullable(),
  clientId: z.string(),
  audience: z.string().nullable(),
  scopes: z.array(z.string()),
  apis: z.strictObject({
    audit: z.string().nullable(),
    deviceRegistry: z.string().nullable(),
    voucherMatching: z.string().nullable(),
    cardSession: z.string().nullable(),
  }),
});
export type DeskClientConfig = z.infer<typeof DeskClientConfig>;
