import fc from 'fast-check';
import { z } from 'zod';
import { BridgeAnswerSubmission } from '@hcv/oqs-files';
import {
  ActivateDeviceRequest,
  BulkIntroductionNoticeRequest,
  ChangeCardReaderRequest,
  AlternativeMethodRequest,
  AnalyticsExportQuery,
  AuditClaimsQuery,
  AuditEventsQuery,
  AuditSessionsQuery,
  AuditVerifyQuery,
  FhirEligibilitySearchQuery,
  ImplementingInstitutionsQuery,
  OperationsFeedQuery,
  CancelSessionRequest,
  CapturedSessionRequest,
  CardReadRequest,
  ContractRequest,
  DeviceChangeRequest,
  HeartbeatRequest,
  IntroductionNoticeRequest,
  ListDevicesQuery,
  OpenSessionRequest,
  PresentVoucherRequest,
  RegisterDeviceRequest,
  RegisterInstitutionRequest,
  RegisterSiteRequest,
  RotateCredentialRequest,
  SetItineraryRequest,
  SettleDecisionRequest,
  UndoVoucherUseRequest,
  VoucherRecord,
  WithdrawalNoticeRequest,
  CardProblemRequest,
  IdentityVerifiedRequest,
  SettlementRequestRequest,
  AcknowledgeAlertRequest,
  OperationsAlertsQuery,
  OperationsOverviewQuery,
  ReadinessCheckRequest,
  RedeemActivationCodeRequest,
  ResolveAlertRequest,
  SettlementQueueQuery,
} from '@hcv/contracts';

/**
 * What each route takes, from the zod contracts: its body, its query, its path parameters. Keyed
 * by `METHOD path` as the controllers declare it; the fuzz suite fails for a discovered route that
 * is missing here, so a new route gets fuzzed too.
 */
export interface RouteInputs {
  body?: z.ZodType | 'csv';
  query?: z.ZodType;
  /** Path parameter → the values to try (realistic ones are mixed in by the suite). */
  params?: Record<string, 'own-device' | 'other-device' | 'session' | 'insurer' | 'voucher' | 'institution' | 'site' | 'any'>;
}

/** The vouchers of a JSON import, generated row by row from the voucher contract (the request itself takes unknown rows). */
const ImportVouchersForFuzz = z.strictObject({ vouchers: z.array(VoucherRecord).min(1).max(3) });

export const ROUTE_INPUTS: Record<string, RouteInputs> = {
  // device-registry
  'POST /devices': { body: RegisterDeviceRequest },
  'POST /devices/:deviceId/activate': { body: ActivateDeviceRequest, params: { deviceId: 'other-device' } },
  'POST /devices/:deviceId/suspend': { body: DeviceChangeRequest, params: { deviceId: 'other-device' } },
  'POST /devices/:deviceId/retire': { body: DeviceChangeRequest, params: { deviceId: 'other-device' } },
  'POST /devices/:deviceId/credential': { body: RotateCredentialRequest, params: { deviceId: 'other-device' } },
  'POST /devices/:deviceId/heartbeat': { body: HeartbeatRequest, params: { deviceId: 'own-device' } },
  'GET /devices/:deviceId': { params: { deviceId: 'own-device' } },
  'GET /devices': { query: ListDevicesQuery },
  'POST /institutions': { body: RegisterInstitutionRequest },
  'GET /institutions/:institutionNumber': { params: { institutionNumber: 'institution' } },
  'POST /insurer-notices/introduction': { body: IntroductionNoticeRequest },
  'POST /insurer-notices/introductions': { body: BulkIntroductionNoticeRequest },
  'POST /insurer-notices/withdrawal': { body: WithdrawalNoticeRequest },
  'GET /insurers/:onlineEligibilityCode': { params: { onlineEligibilityCode: 'any' } },
  'PUT /devices/:deviceId/card-reader': { body: ChangeCardReaderRequest, params: { deviceId: 'other-device' } },
  'POST /sites': { body: RegisterSiteRequest },
  'PUT /sites/:siteId/itinerary': { body: SetItineraryRequest, params: { siteId: 'site' } },
  'GET /sites/:siteId': { params: { siteId: 'site' } },
  'GET /implementing-institutions': { query: ImplementingInstitutionsQuery },
  'POST /devices/:deviceId/activation-codes': { params: { deviceId: 'other-device' } },
  'POST /device-activations': { body: RedeemActivationCodeRequest },
  'GET /tours/:busId/:tourDate': { params: { busId: 'site', tourDate: 'any' } },
  'GET /tours/:busId/:tourDate/readiness': { params: { busId: 'site', tourDate: 'any' } },
  'POST /tours/:busId/:tourDate/readiness-checks': { body: ReadinessCheckRequest, params: { busId: 'site', tourDate: 'any' } },
  'POST /tours/:busId/:tourDate/ready': { params: { busId: 'site', tourDate: 'any' } },
  // card-session (device-signed)
  'POST /sessions': { body: OpenSessionRequest },
  'POST /sessions/captured': { body: CapturedSessionRequest },
  'POST /sessions/:sessionId/card-read': { body: CardReadRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/voucher': { body: PresentVoucherRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/alternative': { body: AlternativeMethodRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/cancel': { body: CancelSessionRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/card-problem': { body: CardProblemRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/identity-verified': { body: IdentityVerifiedRequest, params: { sessionId: 'session' } },
  'POST /sessions/:sessionId/settlement-request': { body: SettlementRequestRequest, params: { sessionId: 'session' } },
  'GET /sessions/:sessionId': { params: { sessionId: 'session' } },
  'GET /sessions/:sessionId/stream': { params: { sessionId: 'session' } },
  'GET /devices/self': {},
  // the reception app's files and settings (public)
  'GET /reception/config.json': {},
  'GET /reception': {},
  'GET /reception/assets/:file': { params: { file: 'any' } },
  'GET /reception/sw.js': {},
  'GET /reception/:page': { params: { page: 'any' } },
  // qualification-lookup
  'GET /lookups/:sessionId': { params: { sessionId: 'session' } },
  // the on-site 既存型 bridge (device-signed)
  'GET /bridge/requests': {},
  'POST /bridge/answers': { body: BridgeAnswerSubmission },
  // voucher-matching
  'PUT /contracts/:contractId': { body: ContractRequest, params: { contractId: 'any' } },
  'GET /contracts/:contractId': { params: { contractId: 'any' } },
  'GET /contracts/:contractId/implementing-institutions': { query: ImplementingInstitutionsQuery, params: { contractId: 'any' } },
  'GET /decisions': { query: SettlementQueueQuery },
  'POST /vouchers/import': { body: ImportVouchersForFuzz },
  'POST /vouchers/import/csv': { body: 'csv' },
  'GET /vouchers/imports/:importId': { params: { importId: 'any' } },
  // a voucher is named by its insurer and its number (insurers number their vouchers themselves)
  'POST /vouchers/:insurerNumber/:voucherNumber/undo-use': {
    body: UndoVoucherUseRequest,
    params: { insurerNumber: 'insurer', voucherNumber: 'voucher' },
  },
  'GET /vouchers/:insurerNumber/:voucherNumber': { params: { insurerNumber: 'insurer', voucherNumber: 'voucher' } },
  'POST /decisions/:sessionId/settlement': { body: SettleDecisionRequest, params: { sessionId: 'session' } },
  // audit
  'GET /audit/verify': { query: AuditVerifyQuery },
  'GET /audit/sessions': { query: AuditSessionsQuery },
  'GET /audit/sessions/:sessionId': { params: { sessionId: 'session' } },
  'GET /audit/devices/:deviceId': { params: { deviceId: 'own-device' } },
  'GET /audit/events': { query: AuditEventsQuery },
  'GET /analytics/outcomes': { query: AnalyticsExportQuery },
  'GET /audit/claims': { query: AuditClaimsQuery },
  'GET /desk/config.json': {},
  'GET /fhir/CoverageEligibilityResponse/:sessionId': { params: { sessionId: 'session' } },
  'GET /fhir/CoverageEligibilityResponse': { query: FhirEligibilitySearchQuery },
  'GET /operations/overview': { query: OperationsOverviewQuery },
  'GET /operations/prefectures': {},
  'GET /operations/buses/:busId': { params: { busId: 'site' } },
  'GET /operations/devices/:deviceId': { params: { deviceId: 'own-device' } },
  'GET /operations/alerts/:alertId': { params: { alertId: 'any' } },
  'POST /operations/alerts/:alertId/acknowledge': { body: AcknowledgeAlertRequest, params: { alertId: 'any' } },
  'POST /operations/alerts/:alertId/resolve': { body: ResolveAlertRequest, params: { alertId: 'any' } },
  'GET /operations/stream': {},
  'GET /operations/sites/:siteId': { params: { siteId: 'site' } },
  'GET /operations/feed': { query: OperationsFeedQuery },
  'GET /operations/alerts': { query: OperationsAlertsQuery },
  'GET /dashboard': {},
  'GET /desk': {},
  'GET /desk/assets/:file': { params: { file: 'any' } },
  'GET /desk/:page': { params: { page: 'any' } },
  // every service
  'GET /health': {},
  'GET /health/live': {},
  'GET /health/ready': {},
  'GET /metrics': {},
  'GET /openapi.json': {},
  'GET /docs': {},
  'GET /docs/:asset': { params: { asset: 'any' } },
};

/** Hostile path segments: traversal, NUL, bad percent-encoding, operators, very long. */
export const HOSTILE_SEGMENTS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%ff%fe',
  '%E0%A4%A',
  '$where',
  '%7B%22%24gt%22%3A%22%22%7D',
  'a'.repeat(3000),
  '__proto__',
  'constructor',
  '%20',
  '１２３',
];

/** Raw path segments: realistic ones from the suite, random ones, hostile ones. */
export function segmentArbitrary(realistic: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: realistic.map(encodeURIComponent), weight: 4 },
    { arbitrary: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).map(encodeURIComponent), weight: 2 },
    { arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS), weight: 2 },
  );
}

/** A CSV upload: the real header with generated rows, or garbage. */
export function csvArbitrary(row: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  const header = 'voucherNumber,voucherKind,insurerNumber,symbol,number,branch,name,birthDate,sex,validFrom,validUntil,fiscalYear';
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return fc.oneof(
    fc.array(row, { minLength: 1, maxLength: 5 }).map((rows) => [header, ...rows.map((r) => r.map(quote).join(','))].join('\r\n')),
    fc.string({ maxLength: 400, unit: 'binary' }),
    fc.constantFrom('', '\ufeff', 'a,b,c\n1,2,3', `${header}\n"unterminated`, `${header}\n${','.repeat(5000)}`),
  );
}
