import {
  AnalyticsExportQuery,
  AnalyticsOutcomesResponse,
  AuditClaimsQuery,
  AuditClaimsResponse,
  DeskClientConfig,
  AuditDeviceEventsResponse,
  AuditEventsQuery,
  AuditEventsResponse,
  AuditSessionResponse,
  AuditSessionsQuery,
  AuditSessionsResponse,
  AuditVerifyQuery,
  ChainVerificationResponse,
  FhirCoverageEligibilityResponse,
  FhirSearchsetBundle,
  FhirEligibilitySearchQuery,
  Identifier,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';
import { z } from 'zod';

const READERS = { roles: ['auditor', 'operator', 'site-manager'] } as const;
/**
 * FHIR answers are declared by their outer shape only (resource type, searchset entries): the full FHIR R4
 * schema is too large to repeat here, and the audit specs check the resources against it.
 */
const fhir = (schema: z.ZodType) => ({ type: 'json', contentType: 'application/fhir+json', schema }) as const;

/** audit's own routes: the ledger's queries, FHIR and analytics (the operations desk documents its routes beside them). */
export const AUDIT_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/audit/verify',
    summary: 'Verify the hash chains of a day range; names the first broken link if any.',
    access: { roles: ['auditor'] },
    query: AuditVerifyQuery,
    success: { status: 200, description: 'The verification result.', body: { type: 'json', schema: ChainVerificationResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/audit/sessions',
    summary: 'Sessions matching the search (device, site, institution, insurer, time range), oldest first.',
    access: READERS,
    query: AuditSessionsQuery,
    success: { status: 200, description: 'The sessions with their stories.', body: { type: 'json', schema: AuditSessionsResponse } },
    errors: ['invalid-institution-number', 'invalid-insurer-number', 'site-not-permitted'],
  },
  {
    method: 'get',
    path: '/audit/sessions/:sessionId',
    summary: 'The whole story of one session with its events (insurance numbers in clear for auditors only).',
    access: READERS,
    params: { sessionId: z.uuid() },
    success: { status: 200, description: 'The story and the events.', body: { type: 'json', schema: AuditSessionResponse } },
    errors: ['invalid-session-id', 'session-not-found'],
  },
  {
    method: 'get',
    path: '/audit/devices/:deviceId',
    summary: 'A device’s own events (registration, activation, lifecycle changes, offline/online), in order.',
    access: { roles: ['auditor', 'operator'] },
    params: { deviceId: Identifier },
    success: { status: 200, description: 'The device’s events.', body: { type: 'json', schema: AuditDeviceEventsResponse } },
    errors: ['invalid-request'],
  },
  {
    method: 'get',
    path: '/audit/events',
    summary: 'Records by type, facets and time range (oldest first).',
    access: READERS,
    query: AuditEventsQuery,
    success: { status: 200, description: 'The records.', body: { type: 'json', schema: AuditEventsResponse } },
    errors: ['invalid-institution-number', 'invalid-insurer-number', 'site-not-permitted'],
  },
  {
    method: 'get',
    path: '/fhir/CoverageEligibilityResponse/:sessionId',
    summary: 'One session as a FHIR R4 CoverageEligibilityResponse (its request contained).',
    access: READERS,
    params: { sessionId: z.uuid() },
    success: { status: 200, description: 'The resource.', body: fhir(FhirCoverageEligibilityResponse) },
    errors: ['invalid-session-id', 'session-not-found'],
  },
  {
    method: 'get',
    path: '/fhir/CoverageEligibilityResponse',
    summary: 'Sessions with activity in the `created` range (JST days for bare dates) and `site`, as a searchset Bundle.',
    access: READERS,
    query: FhirEligibilitySearchQuery,
    success: { status: 200, description: 'The searchset Bundle.', body: fhir(FhirSearchsetBundle) },
    errors: ['site-not-permitted'],
  },
  {
    method: 'get',
    path: '/analytics/outcomes',
    summary:
      'Outcome rollups per day × institution × site × insurer × method × purpose × outcome, as JSON or CSV (no personal data; for analysts, counts of 1–4 people shown as "<5").',
    access: { roles: ['analyst', 'operator', 'site-manager'] },
    query: AnalyticsExportQuery,
    success: { status: 200, description: 'The rollup rows.', alsoCsv: true, body: { type: 'json', schema: AnalyticsOutcomesResponse } },
    errors: ['site-not-permitted'],
  },
  {
    method: 'get',
    path: '/audit/claims',
    summary:
      'Per-claim export of the decided sessions of a range of checkup days (機関番号, 保険者番号, 整理番号, 受診日, method, confirmation time, outcome, device, staff), as JSON or CSV with a BOM.',
    access: { roles: ['auditor', 'operator'] },
    query: AuditClaimsQuery,
    success: { status: 200, description: 'The claim rows.', alsoCsv: true, body: { type: 'json', schema: AuditClaimsResponse } },
    errors: ['invalid-institution-number', 'invalid-insurer-number', 'export-too-large'],
  },
  {
    method: 'get',
    path: '/desk/config.json',
    summary:
      'The operations desk’s settings: its identity provider, client id, audience and scopes (OIDC, code + PKCE), and the API addresses.',
    access: 'public',
    success: { status: 200, description: 'The desk’s settings.', body: { type: 'json', schema: DeskClientConfig } },
    errors: [],
  },
];

/** The audit process's document: audit's routes and those of the parts running alongside (the operations desk's). */
export const auditOpenApi = (alongside: readonly RouteDoc[] = []) =>
  openApiDocument(
    {
      title: alongside.length ? 'audit (ledger, FHIR, analytics and the operations desk)' : 'audit (ledger, FHIR and analytics)',
      version: '1',
      description: alongside.length
        ? 'The hash-chained audit ledger and its queries, the FHIR read side, outcome analytics, and the operations desk with its dashboard.'
        : 'The hash-chained audit ledger and its queries, the FHIR read side and outcome analytics.',
    },
    [...AUDIT_ROUTES, ...alongside],
  );
