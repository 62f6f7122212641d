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

const StaffStep = z.looseObject({ by: z.string(), at: Timestamp, note: z.string().optional() });

/** An alert as people work with it: open → acknowledged → resolved, with who, when, a note, and its history. */
export const DeskAlertSchema = z.looseObject({
  alertId: z.string(),
  kind: OperationsAlertKind,
  severity: z.enum(['warning', 'critical']),
  scope: AlertScope,
  message: z.string(),
  value: z.number().optional(),
  threshold: z.number().optional(),
  state: z.enum(['open', 'acknowledged', 'resolved']),
  /** Whether the monitor still sees the condition. */
  condition: z.enum(['active', 'cleared']),
  raisedAt: Timestamp,
  clearedAt: Timestamp.optional(),
  acknowledged: StaffStep.optional(),
  resolved: StaffStep.optional(),
  changedAt: Timestamp,
  history: z.array(
    z.looseObject({
      action: z.enum(['raised', 'acknowledged', 'resolved', 'cleared']),
      at: Timestamp,
      by: z.string(),
      note: z.string().optional(),
      eventId: z.string(),
    }),
  ),
});
const AlertRecord = DeskAlertSchema;

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
  kind: z.enum([
    'outcome',
    'device-offline',
    'device-online',
    'alert-raised',
    'alert-cleared',
    'alert-acknowledged',
    'alert-resolved',
    'circuit',
  ]),
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

const SiteState = z.enum(['ok', 'degraded', 'down']);
const StateCounts = z.looseObject({
  sites: z.number().int().min(0),
  buses: z.number().int().min(0),
  ok: z.number().int().min(0),
  degraded: z.number().int().min(0),
  down: z.number().int().min(0),
  alerting: z.number().int().min(0),
});
const DeviceCounts = z.looseObject({
  online: z.number().int().min(0),
  offline: z.number().int().min(0),
  outOfService: z.number().int().min(0),
});

/** One site (a fixed facility) or bus on the desk. */
export const DeskItemSchema = z.looseObject({
  siteId: z.string(),
  kind: z.enum(['site', 'bus', 'unknown']),
  name: z.string().optional(),
  institutionNumber: z.string().optional(),
  prefecture: z.looseObject({ code: z.string(), name: z.string() }).optional(),
  region: z.string().optional(),
  state: SiteState,
  operating: z.boolean(),
  alerting: z.boolean(),
  alerts: z.looseObject({ open: z.number().int().min(0), acknowledged: z.number().int().min(0) }),
  devices: DeviceCounts,
  inFlight: z.number().int().min(0),
  last5: WindowSummary,
  last60: WindowSummary,
});

const DeskTotals = StateCounts.extend({
  facilities: z.number().int().min(0),
  devices: DeviceCounts,
  inFlight: z.number().int().min(0),
  alerts: z.looseObject({ open: z.number().int().min(0), acknowledged: z.number().int().min(0) }),
  last5: WindowSummary,
  last60: WindowSummary,
});

/** One prefecture on the tile map (JIS X 0401 code), with the worst state of its sites. */
const PrefectureState = z.looseObject({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  region: z.string(),
  regionName: z.string(),
  state: SiteState,
  counts: StateCounts,
});

/**
 * GET /operations/overview: `{ at, totals, groups, items }` (items filtered, sorted and paged;
 * `total` counts the filtered items). Called without any query parameter it also carries what the
 * page at /dashboard reads (`generatedAt`, `federation`, `sites`, `alerts`, `circuits`, `consumerLag`, `thresholds`).
 */
export const OperationsOverviewResponse = z.looseObject({
  at: Timestamp,
  totals: DeskTotals,
  groups: z.array(z.looseObject({ key: z.string(), name: z.string(), state: SiteState, counts: StateCounts })),
  items: z.array(DeskItemSchema),
  total: z.number().int().min(0),
  generatedAt: Timestamp.optional(),
  thresholds: z.looseObject({ failureRate: z.number(), failureRateMinOutcomes: z.number(), consumerLag: z.number() }).optional(),
  federation: z
    .looseObject({
      sites: z.number().int().min(0),
      facilities: z.number().int().min(0),
      buses: z.number().int().min(0),
      devicesOnline: z.number().int().min(0),
      devicesOffline: z.number().int().min(0),
      inFlight: z.number().int().min(0),
      last5: WindowSummary,
      last60: WindowSummary,
      series: z.array(SeriesPoint),
    })
    .optional(),
  sites: z.array(SiteSummary).optional(),
  alerts: z.array(AlertRecord).optional(),
  circuits: z.array(CircuitStatus).optional(),
  /** `applicable: false` where the bus cannot measure lag. */
  consumerLag: z
    .looseObject({
      applicable: z.boolean(),
      measuredAt: Timestamp.optional(),
      groups: z.array(z.looseObject({ groupId: z.string(), lag: z.number(), state: z.string() })),
      error: z.string().optional(),
    })
    .optional(),
});

/** GET /operations/prefectures: the 47 prefectures in JIS order, for the tile map. */
export const OperationsPrefecturesResponse = z.looseObject({ at: Timestamp, prefectures: z.array(PrefectureState) });

/** GET /operations/sites/:siteId. */
export const OperationsSiteResponse = z.looseObject({
  at: Timestamp,
  generatedAt: Timestamp,
  item: DeskItemSchema,
  site: SiteSummary,
  devices: z.array(DeviceStatus),
  series: z.array(SeriesPoint),
  feed: z.array(FeedEntry),
  /** The site's latest alerts (any state), newest change first. */
  alerts: z.array(AlertRecord),
});

const PlannedStop = z.looseObject({ stopId: z.string(), name: z.string().optional(), date: z.string(), from: z.string(), to: z.string() });

/** GET /operations/buses/:busId: the site's answer and the bus's day (JST): its stops, hours, whether it operates now. */
export const OperationsBusResponse = OperationsSiteResponse.extend({
  today: z.looseObject({
    date: z.string(),
    stops: z.array(PlannedStop),
    hours: z.looseObject({ from: z.string(), to: z.string() }).nullable(),
    operating: z.boolean(),
    /** false when the desk never received the bus's itinerary (then it counts as operating). */
    itineraryKnown: z.boolean(),
  }),
});

/** GET /operations/devices/:deviceId: the device, its site's line, its site's alerts and its own feed. */
export const OperationsDeviceResponse = z.looseObject({
  at: Timestamp,
  device: DeviceStatus,
  site: DeskItemSchema.optional(),
  alerts: z.array(AlertRecord),
  feed: z.array(FeedEntry),
});

/** GET /operations/feed, newest first. */
export const OperationsFeedResponse = z.looseObject({ generatedAt: Timestamp, entries: z.array(FeedEntry) });

/**
 * GET /operations/alerts: `alerts` in the asked state (all states when none), newest change first;
 * `active` and `cleared` as the page at /dashboard reads them (the condition still seen, or over).
 */
export const OperationsAlertsResponse = z.looseObject({
  at: Timestamp,
  alerts: z.array(AlertRecord),
  active: z.array(AlertRecord),
  cleared: z.array(AlertRecord),
});

/** GET /operations/alerts/:alertId, and the answer of acknowledge / resolve: the alert with its history. */
export const OperationsAlertResponse = z.looseObject({ at: Timestamp, alert: DeskAlertSchema });
