import { z } from 'zod';
import { Identifier, InstitutionOrCodeInput, InsurerNumberInput, QueryLimit } from '../common';

/** GET /audit/verify: the day range (UTC) whose hash chains are verified. */
export const AuditVerifyQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date() });
export type AuditVerifyQuery = z.infer<typeof AuditVerifyQuery>;

/** The search keys auditors use (none of them personal); combined with AND. */
const AuditFacetsQuery = {
  sessionId: z.uuid().optional(),
  deviceId: Identifier.optional(),
  siteId: Identifier.optional(),
  institutionNumber: InstitutionOrCodeInput.optional(),
  insurerNumber: InsurerNumberInput.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** GET /audit/events: records by type, facets and time range (oldest first). */
export const AuditEventsQuery = z.strictObject({
  ...AuditFacetsQuery,
  type: z
    .string()
    .regex(/^[a-z]+(\.[a-z-]+)+$/, 'an event type such as session.opened')
    .max(80)
    .optional(),
  limit: QueryLimit(500, 100),
});
export type AuditEventsQuery = z.infer<typeof AuditEventsQuery>;

/** GET /audit/sessions: the sessions touching a device, site, institution or insurer in a time range. */
export const AuditSessionsQuery = z.strictObject({
  ...AuditFacetsQuery,
  limit: QueryLimit(200, 50),
});
export type AuditSessionsQuery = z.infer<typeof AuditSessionsQuery>;

/** GET /analytics/outcomes: rollup cells of a range of JST days (at most a year), as JSON or CSV. */
export const AnalyticsExportQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    siteId: Identifier.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most 366 days per export', path: ['to'] });
export type AnalyticsExportQuery = z.infer<typeof AnalyticsExportQuery>;

/**
 * GET /audit/claims: the per-claim export of the sessions whose checkup day (受診日, JST) is in
 * `from`..`to` (at most 62 days), optionally of one institution, insurer or site; JSON or CSV.
 */
export const AuditClaimsQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    institutionNumber: InstitutionOrCodeInput.optional(),
    insurerNumber: InsurerNumberInput.optional(),
    siteId: Identifier.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 61 * 86_400_000, { message: 'at most 62 days per export', path: ['to'] });
export type AuditClaimsQuery = z.infer<typeof AuditClaimsQuery>;

/** A FHIR date search value: an optional prefix, then a date (a JST day) or a date-time with its zone. */
const FhirDateParam = z
  .string()
  .regex(
    /^(eq|ge|gt|le|lt)?\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2}))?$/,
    'a FHIR date such as ge2026-11-24 or lt2026-11-25T00:00:00+09:00',
  );

/** GET /fhir/CoverageEligibilityResponse: by `created` (one or two FHIR date values) and `site`; a searchset Bundle. */
export const FhirEligibilitySearchQuery = z.strictObject({
  created: z.union([FhirDateParam, z.array(FhirDateParam).min(1).max(2)]).optional(),
  site: Identifier.optional(),
  _count: QueryLimit(200, 50),
});
export type FhirEligibilitySearchQuery = z.infer<typeof FhirEligibilitySearchQuery>;
