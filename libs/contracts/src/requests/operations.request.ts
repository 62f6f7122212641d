import { z } from 'zod';
import { Identifier, QueryLimit } from '../common';

/** GET /operations/feed: the newest lines of the live feed, of one site or of every site the reader sees. */
export const OperationsFeedQuery = z.strictObject({
  siteId: Identifier.optional(),
  limit: QueryLimit(200, 50),
});
export type OperationsFeedQuery = z.infer<typeof OperationsFeedQuery>;

/** An offset in a query string: decimal digits only, then bounded. */
const QueryOffset = z
  .string()
  .regex(/^\d{1,6}$/, 'a whole number')
  .default('0')
  .transform(Number)
  .pipe(z.number().int().min(0).max(100_000));

/**
 * GET /operations/overview: the sites and buses of the federation, filtered (kind, state, alerting,
 * a search over id, name, institution number and prefecture), grouped by prefecture or region,
 * sorted and paged. Sort: `state` (worst first, the default), `name`, `prefecture` (JIS order),
 * `failure-rate`, `p95`, `outcomes` (highest first).
 */
export const OperationsOverviewQuery = z.strictObject({
  groupBy: z.enum(['prefecture', 'region']).default('prefecture'),
  kind: z.enum(['site', 'bus']).optional(),
  state: z.enum(['ok', 'degraded', 'down']).optional(),
  alerting: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(['state', 'name', 'prefecture', 'failure-rate', 'p95', 'outcomes']).default('state'),
  /** A page of items (default 100, at most 1000); `total` says how many match. */
  limit: QueryLimit(1000, 100),
  offset: QueryOffset,
});
export type OperationsOverviewQuery = z.infer<typeof OperationsOverviewQuery>;

/** GET /operations/alerts: alerts in one state (all states when absent), newest change first. */
export const OperationsAlertsQuery = z.strictObject({
  state: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  siteId: Identifier.optional(),
  limit: QueryLimit(500, 100),
});
export type OperationsAlertsQuery = z.infer<typeof OperationsAlertsQuery>;

/** POST /operations/alerts/:alertId/acknowledge — the note is optional ("on my way"). */
export const AcknowledgeAlertRequest = z.strictObject({ note: z.string().trim().max(500).optional() });
export type AcknowledgeAlertRequest = z.infer<typeof AcknowledgeAlertRequest>;

/** POST /operations/alerts/:alertId/resolve — what was done, for the history and the audit ledger. */
export const ResolveAlertRequest = z.strictObject({ note: z.string().trim().min(1).max(500) });
export type ResolveAlertRequest = z.infer<typeof ResolveAlertRequest>;

/** An alert id as it appears in a path: `<kind>:<scope>`. */
export const AlertId = z.string().regex(/^[a-z-]+:[A-Za-z0-9_.:-]{1,180}$/, '<kind>:<scope>');
