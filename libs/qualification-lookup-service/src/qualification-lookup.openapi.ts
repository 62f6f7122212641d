import { LookupRecordResponse } from '@hcv/contracts';
import { BridgeAnswerReceipt, BridgeAnswerSubmission, BridgePendingRequests } from '@hcv/oqs-files';
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
  {
    method: 'get',
    path: '/bridge/requests',
    summary:
      'The eligibility questions waiting for the calling on-site bridge’s 資格確認端末 (既存型): its own institution’s only (the signing device decides), oldest first, at most 100; a question is listed until answered or its deadline passes. Carries 記号・番号 and birth dates for the terminal.',
    access: 'device',
    success: {
      status: 200,
      description: 'The waiting questions and the institution they belong to.',
      body: { type: 'json', schema: BridgePendingRequests },
    },
    errors: ['device-not-registered'],
  },
  {
    method: 'post',
    path: '/bridge/answers',
    summary:
      'The terminal’s answer to one question (or the bridge’s typed failure): resolves the session, answered by `oqs-terminal`. Idempotent: the same submission again — or one after the deadline — gets the same receipt and changes nothing.',
    request: BridgeAnswerSubmission,
    access: 'device',
    success: { status: 200, description: 'The receipt.', body: { type: 'json', schema: BridgeAnswerReceipt } },
    errors: ['device-not-registered', 'bridge-request-not-found'],
  },
];

export const qualificationLookupOpenApi = () =>
  openApiDocument(
    {
      title: 'qualification-lookup',
      version: '1',
      description:
        'Eligibility answers per verification session, from each institution’s source; the endpoints of the 既存型 on-site bridge.',
    },
    QUALIFICATION_LOOKUP_ROUTES,
  );
