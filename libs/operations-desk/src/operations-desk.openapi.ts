import {
  AcknowledgeAlertRequest,
  AlertId,
  Identifier,
  OperationsAlertResponse,
  OperationsAlertsQuery,
  OperationsAlertsResponse,
  OperationsBusResponse,
  OperationsDeviceResponse,
  OperationsFeedQuery,
  OperationsFeedResponse,
  OperationsOverviewQuery,
  OperationsOverviewResponse,
  OperationsPrefecturesResponse,
  OperationsSiteResponse,
  ResolveAlertRequest,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';

const DESK = { roles: ['operator', 'site-manager'] } as const;

/** The operations desk's routes; the audit process documents them beside audit's own in its /openapi.json. */
export const OPERATIONS_DESK_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/operations/overview',
    summary:
      'The federation overview from the desk’s precomputed picture: totals, groups (prefecture or region), and the sites and buses filtered (kind, state, alerting, q), sorted and paged.',
    access: DESK,
    query: OperationsOverviewQuery,
    success: {
      status: 200,
      description: 'The overview (of the reader’s sites for a site manager).',
      body: { type: 'json', schema: OperationsOverviewResponse },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/operations/prefectures',
    summary: 'The 47 prefectures (JIS X 0401 order) with the worst state of their sites and buses, for the tile map.',
    access: DESK,
    success: { status: 200, description: 'The prefectures.', body: { type: 'json', schema: OperationsPrefecturesResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/operations/sites/:siteId',
    summary: 'One site or bus: its line, devices, outcomes per minute over the last hour, its latest feed and alerts.',
    access: DESK,
    params: { siteId: Identifier },
    success: { status: 200, description: 'The site.', body: { type: 'json', schema: OperationsSiteResponse } },
    errors: ['invalid-request', 'site-not-permitted', 'site-not-found'],
  },
  {
    method: 'get',
    path: '/operations/buses/:busId',
    summary: 'One bus: as a site, plus its day in JST (stops, operating hours, whether it operates now).',
    access: DESK,
    params: { busId: Identifier },
    success: { status: 200, description: 'The bus.', body: { type: 'json', schema: OperationsBusResponse } },
    errors: ['invalid-request', 'site-not-permitted', 'bus-not-found', 'site-not-found'],
  },
  {
    method: 'get',
    path: '/operations/devices/:deviceId',
    summary: 'One device: its status, its site’s line and unresolved alerts, and its own feed.',
    access: DESK,
    params: { deviceId: Identifier },
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: OperationsDeviceResponse } },
    errors: ['invalid-request', 'site-not-permitted', 'device-not-found'],
  },
  {
    method: 'get',
    path: '/operations/stream',
    summary:
      'Server-sent events (read with fetch and the Bearer header): `ready`, then `overview-changed`, `alert-changed` and `readiness-changed` deltas as they happen; a comment heartbeat.',
    access: DESK,
    success: {
      status: 200,
      description: 'The event stream (open until the client leaves).',
      body: { type: 'text', contentType: 'text/event-stream' },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/operations/feed',
    summary: 'The live feed, newest first: outcomes, devices going offline/online, circuit changes, alerts.',
    access: DESK,
    query: OperationsFeedQuery,
    success: { status: 200, description: 'The feed.', body: { type: 'json', schema: OperationsFeedResponse } },
    errors: ['site-not-permitted'],
  },
  {
    method: 'get',
    path: '/operations/alerts',
    summary: 'Alerts in a state (open, acknowledged, resolved; all when absent), newest change first, of the reader’s sites.',
    access: DESK,
    query: OperationsAlertsQuery,
    success: { status: 200, description: 'The alerts.', body: { type: 'json', schema: OperationsAlertsResponse } },
    errors: ['site-not-permitted'],
  },
  {
    method: 'get',
    path: '/operations/alerts/:alertId',
    summary: 'One alert with its history (raised, acknowledged, resolved, cleared: who, when, note).',
    access: DESK,
    params: { alertId: AlertId },
    success: { status: 200, description: 'The alert.', body: { type: 'json', schema: OperationsAlertResponse } },
    errors: ['invalid-request', 'alert-not-found', 'site-not-permitted'],
  },
  {
    method: 'post',
    path: '/operations/alerts/:alertId/acknowledge',
    summary: 'Acknowledge an open alert ("someone is on it"), with an optional note; recorded in the audit ledger.',
    access: DESK,
    params: { alertId: AlertId },
    request: AcknowledgeAlertRequest,
    success: {
      status: 200,
      description: 'The alert, acknowledged, with its history.',
      body: { type: 'json', schema: OperationsAlertResponse },
    },
    errors: ['invalid-request', 'alert-not-found', 'alert-already-acknowledged', 'alert-already-resolved', 'site-not-permitted'],
  },
  {
    method: 'post',
    path: '/operations/alerts/:alertId/resolve',
    summary: 'Resolve an open or acknowledged alert with a note on what was done; recorded in the audit ledger.',
    access: DESK,
    params: { alertId: AlertId },
    request: ResolveAlertRequest,
    success: {
      status: 200,
      description: 'The alert, resolved, with its history.',
      body: { type: 'json', schema: OperationsAlertResponse },
    },
    errors: ['invalid-request', 'alert-not-found', 'alert-already-resolved', 'site-not-permitted'],
  },
  {
    method: 'get',
    path: '/desk',
    summary:
      'The operations desk app (the page; its CSP allows this origin, the configured APIs and the identity provider only). Holds no data: every call it makes carries the staff token of its login. 404 when the server has no web build.',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/desk/assets/:file',
    summary: 'A content-hashed file of the desk app (script, style sheet), cached for a year.',
    access: 'public',
    success: { status: 200, description: 'The file.', body: { type: 'text', contentType: 'text/javascript' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/desk/:page',
    summary: 'A page of the desk app on its own address (login, callback, a drill-down): the same page (the app shows the screen).',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/dashboard',
    summary: 'The earlier dashboard’s address: the desk app’s page (the app moves itself to /desk/).',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: ['route-not-found'],
  },
];

/** The desk's routes alone (the audit process serves them with audit's, see AuditModule's `alongside`). */
export const operationsDeskOpenApi = () =>
  openApiDocument(
    {
      title: 'audit: the operations desk',
      version: '1',
      description: 'The operations desk of the audit process: read models built from events, alerts, and the desk app.',
    },
    OPERATIONS_DESK_ROUTES,
  );
