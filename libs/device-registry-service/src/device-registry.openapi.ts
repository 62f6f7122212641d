import {
  ActivationCodeResponse,
  DeviceActivationResponse,
  RedeemActivationCodeRequest,
  ActivatedDeviceResponse,
  ActivateDeviceRequest,
  BulkIntroductionNoticeRequest,
  BulkIntroductionNoticeResponse,
  ChangeCardReaderRequest,
  DeviceChangeRequest,
  DeviceResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  ImplementingInstitutionsQuery,
  ImplementingInstitutionsResponse,
  InstitutionResponse,
  InsurerEnrolmentResponse,
  IntroductionNoticeRequest,
  IntroductionNoticeResponse,
  ListDevicesQuery,
  ReadinessCheckRequest,
  ReadinessCheckResponse,
  TourReadinessResponse,
  TourResponse,
  RegisterDeviceRequest,
  RegisterInstitutionRequest,
  RegisterInstitutionResponse,
  RegisterSiteRequest,
  RotateCredentialRequest,
  RotatedCredentialResponse,
  SetItineraryRequest,
  SiteResponse,
  WithdrawalNoticeRequest,
  WithdrawalNoticeResponse,
  Identifier,
  IsoDate,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';
import { z } from 'zod';

const TOUR_PARAMS = { busId: Identifier, tourDate: IsoDate };
/** What every tour route may refuse besides its access rule: a bad path, no such bus, a device of another bus. */
const TOUR_REFUSALS = ['invalid-request', 'site-not-found', 'not-a-bus', 'device-not-of-bus', 'site-not-permitted'] as const;

const DEVICE_CHANGE = ['device-not-found', 'device-transition-not-allowed', 'device-changed-concurrently'] as const;
const OPERATOR = { roles: ['operator'] } as const;
const INTRODUCTION_REFUSALS = [
  'invalid-insurer-number',
  'invalid-online-eligibility-code',
  'insurer-already-enrolled',
  'online-eligibility-code-already-registered',
] as const;
const OPERATOR_REFUSALS = ['insurer-not-enrolled', 'insurer-withdrawn'] as const;

export const DEVICE_REGISTRY_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/institutions',
    summary: 'Register a checkup/guidance institution by its 健診・保健指導機関番号.',
    access: OPERATOR,
    request: RegisterInstitutionRequest,
    success: {
      status: 201,
      description: 'The institution, with `warnings` when its number was accepted with a doubt.',
      body: { type: 'json', schema: RegisterInstitutionResponse },
    },
    errors: ['invalid-institution-number', 'institution-already-registered'],
  },
  {
    method: 'get',
    path: '/implementing-institutions',
    summary:
      '実施機関一覧表: every active institution with whether it can confirm voucher eligibility online (it has an active device); JSON, or CSV (format=csv, UTF-8 with a BOM unless bom=false).',
    access: { roles: ['operator', 'analyst', 'auditor'] },
    query: ImplementingInstitutionsQuery,
    success: { status: 200, description: 'The list.', alsoCsv: true, body: { type: 'json', schema: ImplementingInstitutionsResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/institutions/:institutionNumber',
    summary: 'Read an institution.',
    access: { roles: ['operator', 'auditor', 'analyst'] },
    success: { status: 200, description: 'The institution.', body: { type: 'json', schema: InstitutionResponse } },
    errors: ['institution-not-found'],
  },
  {
    method: 'post',
    path: '/insurer-notices/introduction',
    summary:
      '導入届 (別添1): records the オンライン資格確認用コード that 支払基金 assigned to an insurer running checkups itself, with 実施施設, 担当者 and 導入予定日. The platform never issues a code.',
    access: OPERATOR,
    request: IntroductionNoticeRequest,
    success: { status: 201, description: 'The recorded code and the insurer.', body: { type: 'json', schema: IntroductionNoticeResponse } },
    errors: [...INTRODUCTION_REFUSALS],
  },
  {
    method: 'post',
    path: '/insurer-notices/introductions',
    summary:
      'A 保険者団体 files the 導入届 of its member insurers at once: each is decided on its own, one result per insurer (accepted, or refused with the error a single notice would get); never all-or-nothing.',
    access: OPERATOR,
    request: BulkIntroductionNoticeRequest,
    success: {
      status: 200,
      description: 'One result per notice, in order.',
      body: { type: 'json', schema: BulkIntroductionNoticeResponse },
    },
    errors: ['invalid-insurer-number'],
  },
  {
    method: 'post',
    path: '/insurer-notices/withdrawal',
    summary:
      '廃止届 (別添2) with its effective date (Japan time): dated today or earlier, the code ends and its devices are suspended now; dated later, it is recorded now and applied by the registry’s sweep when the date is reached.',
    access: OPERATOR,
    request: WithdrawalNoticeRequest,
    success: {
      status: 200,
      description: 'The insurer, whether the withdrawal is already effective, and the devices suspended now.',
      body: { type: 'json', schema: WithdrawalNoticeResponse },
    },
    errors: [
      'invalid-online-eligibility-code',
      'online-eligibility-code-not-found',
      'already-withdrawn',
      'institution-changed-concurrently',
      'device-changed-concurrently',
    ],
  },
  {
    method: 'get',
    path: '/insurers/:onlineEligibilityCode',
    summary: 'Read an insurer running checkups itself by its オンライン資格確認用コード (status as of now).',
    access: { roles: ['operator', 'auditor', 'analyst'] },
    success: { status: 200, description: 'The insurer.', body: { type: 'json', schema: InsurerEnrolmentResponse } },
    errors: ['invalid-online-eligibility-code', 'online-eligibility-code-not-found'],
  },
  {
    method: 'post',
    path: '/sites',
    summary:
      'Register a fixed facility or a checkup bus (plate, itinerary) of an institution (institutionNumber) or of an insurer running checkups itself (onlineEligibilityCode).',
    access: OPERATOR,
    request: RegisterSiteRequest,
    success: { status: 201, description: 'The site.', body: { type: 'json', schema: SiteResponse } },
    errors: [
      'invalid-institution-number',
      'institution-not-registered',
      'institution-withdrawn',
      ...OPERATOR_REFUSALS,
      'site-already-registered',
    ],
  },
  {
    method: 'put',
    path: '/sites/:siteId/itinerary',
    summary: 'Set a bus’s daily stops.',
    access: OPERATOR,
    request: SetItineraryRequest,
    success: { status: 200, description: 'The site.', body: { type: 'json', schema: SiteResponse } },
    errors: ['site-not-found', 'not-a-bus', 'site-changed-concurrently'],
  },
  {
    method: 'get',
    path: '/sites/:siteId',
    summary: 'Read a site.',
    access: { roles: ['operator', 'auditor', 'site-manager'] },
    success: { status: 200, description: 'The site.', body: { type: 'json', schema: SiteResponse } },
    errors: ['site-not-found', 'site-not-permitted'],
  },
  {
    method: 'post',
    path: '/devices',
    summary:
      'Register a device (PC, smartphone, tablet) at a site of an institution or insurer, with its card reader (optional: a device without one shows cardReaderReported false) and the national portal registration reference (端末認証); it starts as requested.',
    access: OPERATOR,
    request: RegisterDeviceRequest,
    success: { status: 201, description: 'The device.', body: { type: 'json', schema: DeviceResponse } },
    errors: [
      'invalid-institution-number',
      'institution-not-active',
      ...OPERATOR_REFUSALS,
      'site-not-registered',
      'device-already-registered',
    ],
  },
  {
    method: 'put',
    path: '/devices/:deviceId/card-reader',
    summary: 'Record a swapped card reader (model, serial): device.card-reader-changed; the same reader again changes nothing.',
    access: OPERATOR,
    request: ChangeCardReaderRequest,
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: DeviceResponse } },
    errors: ['device-not-found', 'device-already-retired', 'device-changed-concurrently'],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/activate',
    summary: 'Activate (first time: the device secret is in the response, shown once) or re-activate.',
    access: OPERATOR,
    request: ActivateDeviceRequest,
    success: {
      status: 200,
      description: 'The device, and `issuedCredential` the first time.',
      body: { type: 'json', schema: ActivatedDeviceResponse },
    },
    errors: [...DEVICE_CHANGE],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/suspend',
    summary: 'Suspend a device (who, why); every service refuses it within seconds.',
    access: OPERATOR,
    request: DeviceChangeRequest,
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: DeviceResponse } },
    errors: [...DEVICE_CHANGE],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/retire',
    summary: 'Retire a device for good.',
    access: OPERATOR,
    request: DeviceChangeRequest,
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: DeviceResponse } },
    errors: [...DEVICE_CHANGE],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/credential',
    summary: 'Rotate the device credential (new secret shown once).',
    access: OPERATOR,
    request: RotateCredentialRequest,
    success: { status: 200, description: 'The new credential.', body: { type: 'json', schema: RotatedCredentialResponse } },
    errors: ['device-not-found', 'credential-needs-active-device', 'device-changed-concurrently'],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/activation-codes',
    summary:
      'Issue a one-time activation code for a registered device (not a retired one): 12 characters of Crockford base32 shown as XXXX-XXXX-XXXX, valid for ACTIVATION_CODE_TTL_MINUTES (30); the device’s earlier unused codes stop working. Only its hash is stored. No body is read.',
    access: OPERATOR,
    success: { status: 201, description: 'The code, shown this once.', body: { type: 'json', schema: ActivationCodeResponse } },
    errors: ['device-not-found', 'device-retired'],
  },
  {
    method: 'post',
    path: '/device-activations',
    summary:
      'Redeem a one-time activation code (any case, hyphens or spaces optional): the device is activated (first time, or again after a suspension) or given a new credential (a replacement browser), through the same rules and events as the operator routes. No authentication: wrong codes count against the client address, which is refused with 429 (and Retry-After) past ACTIVATION_FAILURES_PER_ADDRESS in ACTIVATION_FAILURE_WINDOW_MINUTES.',
    access: 'public',
    request: RedeemActivationCodeRequest,
    success: {
      status: 201,
      description:
        'The credential, its secret shown this once (the browser keeps SHA-256 of it as a non-extractable key), and where the device works.',
      body: { type: 'json', schema: DeviceActivationResponse },
    },
    errors: [
      'invalid-request',
      'activation-code-invalid',
      'activation-code-expired',
      'activation-code-used',
      'too-many-attempts',
      'device-retired',
      'device-changed-concurrently',
    ],
  },
  {
    method: 'post',
    path: '/devices/:deviceId/heartbeat',
    summary: 'The device is alive; a bus device reports its stop.',
    access: 'device',
    request: HeartbeatRequest,
    success: { status: 200, description: 'Acknowledged.', body: { type: 'json', schema: HeartbeatResponse } },
    errors: ['device-mismatch', 'device-changed-concurrently'],
  },
  {
    method: 'get',
    path: '/devices/:deviceId',
    summary: 'Read a device (never its key).',
    access: { roles: ['operator', 'auditor', 'site-manager'] },
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: DeviceResponse } },
    errors: ['device-not-found'],
  },
  {
    method: 'get',
    path: '/devices',
    summary: 'List devices by institution, insurer code or site (a site manager names one of their sites).',
    access: { roles: ['operator', 'auditor', 'site-manager'] },
    query: ListDevicesQuery,
    success: { status: 200, description: 'Devices.', body: { type: 'json', schema: z.array(DeviceResponse) } },
    errors: ['invalid-institution-number', 'site-not-permitted'],
  },
  {
    method: 'get',
    path: '/tours/:busId/:tourDate',
    summary: 'A checkup bus’s itinerary for one tour day (its stops), for a device of the bus (signed) or staff.',
    access: { roles: ['operator', 'auditor', 'site-manager'], device: true },
    params: TOUR_PARAMS,
    success: { status: 200, description: 'The stops of the day.', body: { type: 'json', schema: TourResponse } },
    errors: [...TOUR_REFUSALS],
  },
  {
    method: 'post',
    path: '/tours/:busId/:tourDate/readiness-checks',
    summary:
      'Pre-tour readiness check by a device of the bus: device active, clock within the tolerance, card reader present, national-system test confirmation, the day’s stops loaded — each green or red with its reason; publishes tour.readiness-checked.',
    access: 'device',
    params: TOUR_PARAMS,
    request: ReadinessCheckRequest,
    success: { status: 201, description: 'The device’s result.', body: { type: 'json', schema: ReadinessCheckResponse } },
    errors: ['site-not-found', 'not-a-bus', 'device-not-of-bus', 'tour-changed-concurrently'],
  },
  {
    method: 'get',
    path: '/tours/:busId/:tourDate/readiness',
    summary:
      'The bus’s readiness report for the day: every device (not retired) with its latest checks (`not-checked` when it has not checked), whether all are green, and the mark.',
    access: { roles: ['operator', 'auditor', 'site-manager'], device: true },
    params: TOUR_PARAMS,
    success: { status: 200, description: 'The report.', body: { type: 'json', schema: TourReadinessResponse } },
    errors: [...TOUR_REFUSALS],
  },
  {
    method: 'post',
    path: '/tours/:busId/:tourDate/ready',
    summary:
      'Mark the tour day ready (a device of the bus, or staff): refused with tour-not-ready naming each red check; publishes tour.marked-ready the first time.',
    access: { roles: ['operator', 'site-manager'], device: true },
    params: TOUR_PARAMS,
    success: { status: 200, description: 'The report, marked.', body: { type: 'json', schema: TourReadinessResponse } },
    errors: [...TOUR_REFUSALS, 'tour-not-ready', 'tour-changed-concurrently'],
  },
];

export const deviceRegistryOpenApi = () =>
  openApiDocument(
    {
      title: 'device-registry',
      version: '1',
      description:
        'Institutions, insurers running checkups (導入届/廃止届), sites, devices and their card readers, credentials and heartbeats.',
    },
    DEVICE_REGISTRY_ROUTES,
  );
