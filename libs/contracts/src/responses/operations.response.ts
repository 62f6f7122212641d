import { z } from 'zod';
import { AlertScope, OperationsAlertKind } from '../events/operations-alert';
import { Timestamp } from './timestamps';

/*
 * The operations desk's answers (no personal data: ids, places, outcome kinds, counts, times). The
 * desk's read models are schemaless documents; these schemas say what a reader may rely on, and the
 * objects are open (a property added to a read model is not a breaking change).
 */

const WindowSummary = z.looseObject({
  minutes: z.number().int(),
  outcomes: z.number().int().min(0),
  byOutcome: z.record(z.string(), z.number()),
  /** Outcomes by where the eligibility came from: online, or transcribed from a document (not verified online). */
  bySource: z.record(z.string(), z.number()),
  /** Settlements by staff in the window (the settled session stays counted under its first outcome). */
  settled: z.number().int().min(0),
  /** Outcomes that do not honour the voucher (not matched, settled or insurer-confirmed). */
  failures: z.number().int().min(0),
  failureRate: z.number().nullable(),
  nationalFailures: z.number().int().min(0),
  avgMillis: z.number().nullable(),
  /** Upper bound of the histogram bucket holding the 95th percentile; null when nothing was decided. */
  p95Millis: z.number().nullable(),
});

const SeriesPoint = z.looseObject({
  minute: z.string(),
  count: z.number().int().min(0),
  failures: z.number().int().min(0),
  nationalFailures: z.number().int().min(0),
});

/** One site or bus on the desk: devices by connectivity, sessions in flight, the last 5 and 60 minutes. */
const SiteSummary = z.looseObject({
  siteId: z.string(),
  kind: z.enum(['facility', 'bus', 'unknown']),
  name: z.string().optional(),
  institutionNumber: z.string().optional(),
  devicesOnline: z.number().int().min(0),
  devicesOffline: z.number().int().min(0),
  devicesOutOfService: z.number().int().min(0),
  inFlight: z.number().int().min(0),
  last5: WindowSummary,
  last60: WindowSummary,
});

const AlertRecord = z.looseObject({
  alertId: z.string(),
  kind: OperationsAlertKind,
  severity: z.enum(['warning', 'critical']),
  scope: AlertScope,
  message: z.string(),
  value: z.number().optional(),
  threshold: z.number().optional(),
  active: z.boolean(),
  raisedAt: Timestamp.optional(),
  clearedAt: Timestamp.optional(),
  changedAt: Timestamp,
});

const CircuitStatus = z.looseObject({
  upstream: z.string(),
  instance: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  at: Timestamp,
  consecutiveFailures: z.number().int().min(0),
});

const FeedEntry = z.looseObject({
  id: z.string(),
  at: Timestamp,
  kind: z.enum(['outcome', 'device-offline', 'device-online', 'alert-raised', 'alert-cleared', 'circuit']),
  text: z.string(),
  siteId: z.string().optional(),
  deviceId: z.string().optional(),
  sessionId: z.string().optional(),
  outcome: z.string().optional(),
  elapsedMillis: z.number().optional(),
});

const DeviceStatus = z.looseObject({
  deviceId: z.string(),
  siteId: z.string(),
  lifecycle: z.enum(['requested', 'active', 'suspended', 'retired']),
  lifecycleAt: Timestamp,
  connectivity: z.enum(['online', 'offline']),
  connectivityAt: Timestamp,
  lastSeenAt: Timestamp.optional(),
  stopId: z.string().optional(),
});

/** GET /operations/overview. */
export const OperationsOverviewResponse = z.looseObject({
  generatedAt: Timestamp,
  thresholds: z.looseObject({ failureRate: z.number(), failureRateMinOutcomes: z.number(), consumerLag: z.number() }),
  federation: z.looseObject({
    sites: z.number().int().min(0),
    facilities: z.number().int().min(0),
    buses: z.number().int().min(0),
    devicesOnline: z.number().int().min(0),
    devicesOffline: z.number().int().min(0),
    inFlight: z.number().int().min(0),
    last5: WindowSummary,
    last60: WindowSummary,
    series: z.array(SeriesPoint),
  }),
  sites: z.array(SiteSummary),
  alerts: z.array(AlertRecord),
  circuits: z.array(CircuitStatus),
  /** `applicable: false` where the bus cannot measure lag. */
  consumerLag: z.looseObject({
    applicable: z.boolean(),
    measuredAt: Timestamp.optional(),
    groups: z.array(z.looseObject({ groupId: z.string(), lag: z.number(), state: z.string() })),
    error: z.string().optional(),
  }),
});

/** GET /operations/sites/:siteId. */
export const OperationsSiteResponse = z.looseObject({
  generatedAt: Timestamp,
  site: SiteSummary,
  devices: z.array(DeviceStatus),
  series: z.array(SeriesPoint),
  feed: z.array(FeedEntry),
});

/** GET /operations/feed, newest first. */
export const OperationsFeedResponse = z.looseObject({ generatedAt: Timestamp, entries: z.array(FeedEntry) });

/** GET /operations/alerts: the active ones and the latest cleared ones. */
export const OperationsAlertsResponse = z.looseObject({ active: z.array(AlertRecord), cleared: z.array(AlertRecord) });
