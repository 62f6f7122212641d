import {
  AlternativeMethodRequest,
  CancelSessionRequest,
  CapturedSessionRequest,
  CapturedSessionResponse,
  CardReadRequest,
  OpenSessionRequest,
  PresentVoucherRequest,
  SessionResponse,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';

const STEP_ERRORS = [
  'invalid-request',
  'invalid-session-id',
  'session-not-found',
  'session-state-conflict',
  'session-busy',
  'device-mismatch',
] as const;

export const CARD_SESSION_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/sessions',
    summary: 'Open a verification session for one visitor (one active session per device).',
    request: OpenSessionRequest,
    access: 'device',
    success: { status: 201, description: 'The opened session.', body: { type: 'json', schema: SessionResponse } },
    errors: [
      'invalid-request',
      'identity-verification-not-permitted',
      'unknown-purpose',
      'device-not-registered',
      'device-mismatch',
      'device-has-active-session',
    ],
  },
  {
    method: 'post',
    path: '/sessions/captured',
    summary: 'Submit (or resend) a session a bus device captured offline; the idempotency key returns the same session.',
    request: CapturedSessionRequest,
    access: 'device',
    success: {
      status: 201,
      description: 'The session; `resent: true` when it already existed.',
      body: { type: 'json', schema: CapturedSessionResponse },
    },
    errors: [
      'invalid-request',
      'identity-verification-not-permitted',
      'unknown-purpose',
      'device-not-registered',
      'device-mismatch',
      'session-state-conflict',
      'invalid-insurer-number',
    ],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/card-read',
    summary: 'The My Number card was read; PIN verified or visual check confirmed (three PIN failures lock the card).',
    request: CardReadRequest,
    access: 'device',
    success: { status: 200, description: 'The session.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/voucher',
    summary:
      'The checkup voucher (受診券) or guidance voucher (利用券) the visitor showed, as printed: 保険者番号 + 整理番号 (its identity), 券種, 有効期限, 窓口負担 per part, 取りまとめ機関, 記号・番号 where printed. The same voucher may be sent again (corrected) until the lookup is requested.',
    request: PresentVoucherRequest,
    access: 'device',
    success: {
      status: 200,
      description: 'The session; `voucher` shows the voucher without its 記号・番号.',
      body: { type: 'json', schema: SessionResponse },
    },
    errors: [...STEP_ERRORS, 'invalid-insurer-number', 'voucher-already-presented'],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/alternative',
    summary: 'Eligibility shown by an alternative method (Mynaportal screen, マイナ保険証 + お知らせ, 資格確認書), transcribed.',
    request: AlternativeMethodRequest,
    access: 'device',
    success: { status: 200, description: 'The session.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS, 'invalid-insurer-number'],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/cancel',
    summary: 'The operator cancels the session.',
    request: CancelSessionRequest,
    access: 'device',
    success: { status: 200, description: 'The cancelled session.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS],
  },
  {
    method: 'get',
    path: '/sessions/:sessionId',
    summary:
      'Read the session and, once decided, its outcome: the sentences (English, Japanese), whether eligibility was verified online or transcribed, what was compared, the 窓口負担 to collect and what the voucher covers; a settlement replaces a needs-manual-check or member-mismatch.',
    access: 'device',
    success: { status: 200, description: 'The session.', body: { type: 'json', schema: SessionResponse } },
    errors: ['invalid-session-id', 'session-not-found'],
  },
];

export const cardSessionOpenApi = () =>
  openApiDocument(
    {
      title: 'card-session (device-facing API)',
      version: '1',
      description: 'Verification sessions at registered devices (オンライン資格確認（資格確認限定型）).',
    },
    CARD_SESSION_ROUTES,
  );
