import {
  ActivateDeviceRequest,
  DeviceChangeRequest,
  HeartbeatRequest,
  IntroductionNoticeRequest,
  RegisterDeviceRequest,
  RegisterInstitutionRequest,
  RegisterSiteRequest,
  RotateCredentialRequest,
  SetItineraryRequest,
  WithdrawalNoticeRequest,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/service-kit';

const DEVICE_CHANGE = ['invalid-request', 'device-not-found', 'device-transition-not-allowed', 'device-changed-concurrently'] as const;

export const DEVICE_REGISTRY_ROUTES: RouteDoc[] = [
  { method: 'post', path: '/institutions', summary: 'Register a checkup/guidance institution by its 健診・保健指導機関番号.', request: RegisterInstitutionRequest, success: { status: 201, description: 'The institution.' }, errors: ['invalid-request', 'invalid-institution-number', 'institution-already-registered'] },
  { method: 'get', path: '/implementing-institutions', summary: '実施機関一覧表: every active institution with whether it can confirm voucher eligibility online (it has an active device); JSON, or CSV (format=csv, UTF-8 with a BOM unless bom=false).', success: { status: 200, description: 'The list.' }, errors: ['invalid-request'] },
  { method: 'get', path: '/institutions/:institutionNumber', summary: 'Read an institution.', success: { status: 200, description: 'The institution.' }, errors: ['institution-not-found'] },
  { method: 'post', path: '/insurer-notices/introduction', summary: '導入届: an insurer running checkups itself is issued an オンライン資格確認用コード.', request: IntroductionNoticeRequest, success: { status: 201, description: 'The issued code.' }, errors: ['invalid-request', 'invalid-insurer-number', 'insurer-already-enrolled'] },
  { method: 'post', path: '/insurer-notices/withdrawal', summary: '廃止届: ends the code and suspends all its devices.', request: WithdrawalNoticeRequest, success: { status: 200, description: 'The withdrawn institution and the suspended devices.' }, errors: ['invalid-request', 'online-eligibility-code-not-found', 'already-withdrawn', 'institution-changed-concurrently', 'device-changed-concurrently'] },
  { method: 'post', path: '/sites', summary: 'Register a fixed facility or a checkup bus (plate, itinerary).', request: RegisterSiteRequest, success: { status: 201, description: 'The site.' }, errors: ['invalid-request', 'institution-not-registered', 'institution-withdrawn', 'site-already-registered'] },
  { method: 'put', path: '/sites/:siteId/itinerary', summary: 'Set a bus’s daily stops.', request: SetItineraryRequest, success: { status: 200, description: 'The site.' }, errors: ['invalid-request', 'site-not-found', 'not-a-bus', 'site-changed-concurrently'] },
  { method: 'get', path: '/sites/:siteId', summary: 'Read a site.', success: { status: 200, description: 'The site.' }, errors: ['site-not-found'] },
  { method: 'post', path: '/devices', summary: 'Register a device (PC, smartphone, tablet with a card reader) at a site; it starts as requested.', request: RegisterDeviceRequest, success: { status: 201, description: 'The device.' }, errors: ['invalid-request', 'institution-not-active', 'site-not-registered', 'device-already-registered'] },
  { method: 'post', path: '/devices/:deviceId/activate', summary: 'Activate (first time: the device secret is in the response, shown once) or re-activate.', request: ActivateDeviceRequest, success: { status: 200, description: 'The device, and `issuedCredential` the first time.' }, errors: [...DEVICE_CHANGE] },
  { method: 'post', path: '/devices/:deviceId/suspend', summary: 'Suspend a device (who, why); every service refuses it within seconds.', request: DeviceChangeRequest, success: { status: 200, description: 'The device.' }, errors: [...DEVICE_CHANGE] },
  { method: 'post', path: '/devices/:deviceId/retire', summary: 'Retire a device for good.', request: DeviceChangeRequest, success: { status: 200, description: 'The device.' }, errors: [...DEVICE_CHANGE] },
  { method: 'post', path: '/devices/:deviceId/credential', summary: 'Rotate the device credential (new secret shown once).', request: RotateCredentialRequest, success: { status: 200, description: 'The new credential.' }, errors: ['invalid-request', 'device-not-found', 'credential-needs-active-device', 'device-changed-concurrently'] },
  { method: 'post', path: '/devices/:deviceId/heartbeat', summary: 'The device is alive; a bus device reports its stop.', request: HeartbeatRequest, deviceAuth: true, success: { status: 200, description: 'Acknowledged.' }, errors: ['invalid-request', 'device-mismatch', 'device-changed-concurrently'] },
  { method: 'get', path: '/devices/:deviceId', summary: 'Read a device (never its key).', success: { status: 200, description: 'The device.' }, errors: ['device-not-found'] },
  { method: 'get', path: '/devices', summary: 'List devices by institution or site.', success: { status: 200, description: 'Devices.' }, errors: [] },
];

export const deviceRegistryOpenApi = () =>
  openApiDocument({ title: 'device-registry', version: '1', description: 'Institutions, sites, devices, credentials and heartbeats.' }, DEVICE_REGISTRY_ROUTES);
