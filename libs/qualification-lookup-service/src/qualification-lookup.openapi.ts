import { LookupRecordResponse } from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';

export const QUALIFICATION_LOOKUP_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/lookups/:sessionId',
    summary: 'Status and timing of a session’s eligibility lookup (no personal data is kept here).',
    access: { roles: ['operator', 'auditor'] },
    success: { status: 200, description: 'The lookup record.', body: { type: 'json', schema: LookupRecordResponse } },
    errors: ['lookup-not-found'],
  },
];

export const qualificationLookupOpenApi = () =>
  openApiDocument(
    {
      title: 'qualification-lookup',
      version: '1',
      description: 'Eligibility lookups against the national system, per verification session.',
    },
    QUALIFICATION_LOOKUP_ROUTES,
  );
