import {
  AlternativeMethodRequest,
  CancelSessionRequest,
  CapturedSessionRequest,
  CapturedSessionResponse,
  CardProblemRequest,
  CardReadRequest,
  IdentityVerifiedRequest,
  SettlementRequestRequest,
  OpenSessionRequest,
  PresentVoucherRequest,
  DeviceSelfResponse,
  ReceptionConfigResponse,
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
    summary:
      'Open a verification session for one visitor (one active session per device), at a stop (会場/事業所; the site itself when none is given). `withoutVoucher`: a 人間ドック confirmed against the insurer only. `linkedSessionId`: this online check confirms an earlier visit captured offline. A purpose asking for identity verification (本人確認, in any spelling) is refused.',
    request: OpenSessionRequest,
    access: 'device',
    success: { status: 201, description: 'The opened session.', body: { type: 'json', schema: SessionResponse } },
    errors: [
      'invalid-request',
      'identity-verification-not-permitted',
      'unknown-purpose',
      'voucher-required-for-purpose',
      'linked-session-not-found',
      'linked-session-not-captured',
      'device-not-registered',
      'device-mismatch',
      'device-has-active-session',
    ],
  },
  {
    method: 'post',
    path: '/sessions/captured',
    summary:
      'Submit (or resend) a visit a bus crew recorded offline: an alternative document or the paper route only (資格確認限定型 is online only: a card read is refused with card-read-needs-online); the idempotency key returns the same session.',
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
      'card-read-needs-online',
      'method-not-valid-on-date',
      'voucher-required-for-purpose',
    ],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/card-read',
    summary:
      'The My Number card was read and the holder confirmed: PIN (three failures lock the card), 目視確認 by a named staff member (`checkedBy`; also after a PIN lock) or 顔認証 at a 既存型 reader. A confirmed read sends what the national app showed (`reported`, 資格確認限定型) or a `cardReference` (simulator, 既存型 bridge).',
    request: CardReadRequest,
    access: 'device',
    success: { status: 200, description: 'The session.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS, 'card-pin-locked', 'checked-by-required', 'card-read-needs-online', 'invalid-insurer-number'],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/card-problem',
    summary:
      'The device reports a card problem instead of a read: 利用登録なし, certificate expired or revoked, unreadable. The session stays open; the view names the desk’s next steps (ja + en).',
    request: CardProblemRequest,
    access: 'device',
    success: {
      status: 200,
      description: 'The session, with `cardProblem` and the alternative methods.',
      body: { type: 'json', schema: SessionResponse },
    },
    errors: [...STEP_ERRORS],
  },
  {
    method: 'post',
    path: '/sessions/:sessionId/identity-verified',
    summary:
      '人間ドック: staff verified the visitor’s identity with the My Number card itself (its face photo); recorded with who did it. Online eligibility confirms the insurer only, never identity.',
    request: IdentityVerifiedRequest,
    access: 'device',
    success: { status: 200, description: 'The session, with `identityVerification`.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS, 'identity-step-not-applicable'],
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
    summary:
      'Eligibility shown by an alternative method (Mynaportal screen from 2024-01-31, マイナ保険証 + お知らせ and 資格確認書 from 2024-12-02, the paper 被保険者証 up to 2025-12-01 — the configured dates), transcribed.',
    request: AlternativeMethodRequest,
    access: 'device',
    success: { status: 200, description: 'The session.', body: { type: 'json', schema: SessionResponse } },
    errors: [...STEP_ERRORS, 'invalid-insurer-number', 'method-not-valid-on-date'],
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
    method: 'post',
    path: '/sessions/:sessionId/settlement-request',
    summary:
      '精算依頼: the device asks the federation’s desk to settle its completed member-mismatch or needs-manual-check (the case is on voucher-matching’s settlement queue; this says the desk waits for it). Once per session: a repeat answers the same session and announces nothing. The staff member’s name is optional.',
    request: SettlementRequestRequest,
    access: 'device',
    success: {
      status: 200,
      description: 'The session, with `settlementRequest` (when, who asked); the same on a repeat.',
      body: { type: 'json', schema: SessionResponse },
    },
    errors: [...STEP_ERRORS, 'settlement-not-requestable'],
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
  {
    method: 'get',
    path: '/sessions/:sessionId/stream',
    summary:
      'Wait for the session’s outcome without polling: Server-Sent Events (readable with fetch, the request signed like any other). Event `session` carries the same JSON as GET /sessions/:sessionId at once and on every change; a comment line every 15 s keeps the stream open; the stream ends after a terminal state (completed, cancelled, expired). Changes stored by another replica arrive within about a second.',
    access: 'device',
    success: { status: 200, description: 'The event stream.', body: { type: 'text', contentType: 'text/event-stream' } },
    errors: ['invalid-session-id', 'session-not-found'],
  },
  {
    method: 'get',
    path: '/devices/self',
    summary:
      'What the signed device is: its state, institution, site (name, whether it is a bus) and, on a bus, today’s stops (today in Japan time), from card-session’s copy of the registry. A suspended or retired device is refused (403) with a sentence saying to call the federation’s desk.',
    access: 'device',
    success: { status: 200, description: 'The device.', body: { type: 'json', schema: DeviceSelfResponse } },
    errors: ['device-not-registered'],
  },
  {
    method: 'get',
    path: '/reception/config.json',
    summary: 'The reception app’s settings: where it reaches device-registry and card-session, and the release.',
    access: 'public',
    success: { status: 200, description: 'The settings.', body: { type: 'json', schema: ReceptionConfigResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/reception',
    summary:
      'The reception app (the page; its CSP allows this origin and the device registry only). Holds no data: every call it makes is device-signed. 404 when the server has no web build.',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/reception/assets/:file',
    summary: 'A content-hashed file of the reception app (script, style sheet), cached for a year.',
    access: 'public',
    success: { status: 200, description: 'The file.', body: { type: 'text', contentType: 'text/javascript' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/reception/sw.js',
    summary: 'The reception app’s service worker: keeps the app’s own files (never the device API) so the app opens offline on a bus.',
    access: 'public',
    success: { status: 200, description: 'The script.', body: { type: 'text', contentType: 'text/javascript' } },
    errors: ['route-not-found'],
  },
  {
    method: 'get',
    path: '/reception/:page',
    summary: 'A page of the reception app reloaded on its own address: the same page (the app shows the screen).',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: ['route-not-found'],
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
