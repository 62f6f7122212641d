import {
  Identifier,
  OperationsAlertsResponse,
  OperationsFeedQuery,
  OperationsFeedResponse,
  OperationsOverviewResponse,
  OperationsSiteResponse,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';

const DESK = { roles: ['operator', 'site-manager'] } as const;

/** The operations desk's routes; the audit process documents them beside audit's own in its /openapi.json. */
export const OPERATIONS_DESK_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/operations/overview',
    summary: 'The federation overview: totals, one line per site and bus, active alerts, upstream circuits, consumer lag.',
    access: DESK,
    success: {
      status: 200,
      description: 'The overview (of the reader’s sites for a site manager).',
      body: { type: 'json', schema: OperationsOverviewResponse },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/operations/sites/:siteId',
    summary: 'One site or bus: its summary, devices, outcomes per minute over the last hour, and its latest feed.',
    access: DESK,
    params: { siteId: Identifier },
    success: { status: 200, description: 'The site.', body: { type: 'json', schema: OperationsSiteResponse } },
    errors: ['invalid-request', 'site-not-permitted', 'site-not-found'],
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
    summary: 'Active alerts and the latest cleared ones (of the reader’s sites).',
    access: DESK,
    success: { status: 200, description: 'The alerts.', body: { type: 'json', schema: OperationsAlertsResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/dashboard',
    summary: 'The operations dashboard page (holds no data; it calls /operations/* with the staff token the user gives it).',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/dashboard/dashboard.js',
    summary: 'The dashboard’s script.',
    access: 'public',
    success: { status: 200, description: 'The script.', body: { type: 'text', contentType: 'text/javascript' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/dashboard/dashboard.css',
    summary: 'The dashboard’s style sheet.',
    access: 'public',
    success: { status: 200, description: 'The style sheet.', body: { type: 'text', contentType: 'text/css' } },
    errors: [],
  },
];

/** The desk's routes alone (the audit process serves them with audit's, see AuditModule's `alongside`). */
export const operationsDeskOpenApi = () =>
  openApiDocument(
    {
      title: 'audit: the operations desk',
      version: '1',
      description: 'The operations desk of the audit process: read models built from events, alerts, and the dashboard.',
    },
    OPERATIONS_DESK_ROUTES,
  );
