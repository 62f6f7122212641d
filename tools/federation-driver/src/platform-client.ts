import type {
  AlternativeMethodRequest,
  ContractRequest,
  CapturedSessionRequest,
  CardReadRequest,
  IdentityVerifiedRequest,
  DeskCollection,
  FirstUse,
  ImportVouchersRequest,
  PresentVoucherRequest,
  PresentedVoucherSummary,
  RegisterDeviceRequest,
  RegisterInstitutionRequest,
  RegisterSiteRequest,
  SettleDecisionRequest,
  StaffRole,
  VoucherCoverage,
} from '@hcv/contracts';
import { randomBytes } from 'node:crypto';
import { signingKeyFromSecret, signRequest } from '@hcv/platform-access';
import { fetchTransport, type HttpTransport } from './http-transport';

export interface PlatformUrls {
  deviceRegistry: string;
  cardSession: string;
  voucherMatching: string;
  audit: string;
}

export class PlatformHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
    /** The `Retry-After` of a 503 or 429, in seconds, when it gave one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** What the device's session view shows (GET /sessions/:id): the voucher as presented and the outcome the desk reads. */
export interface SessionView {
  sessionId: string;
  state: string;
  correlationId: string;
  voucher?: PresentedVoucherSummary;
  outcome?: {
    kind: string;
    reason: string;
    reasonJa?: string;
    mismatchedField?: string;
    decidedAt: string;
    /** False when the eligibility was transcribed from a document (no online check). */
    verifiedOnline?: boolean;
    source?: 'online' | 'transcribed';
    /** 窓口負担: what the desk collects, part by part. */
    collect?: DeskCollection;
    covers?: VoucherCoverage;
    firstUse?: FirstUse;
    settlement?: { kind: string; by: string; at: string };
  };
  openedAt: string;
  completedAt?: string;
  /** How the holder was confirmed, by whom (a 目視確認), and whether after a PIN lock. */
  identityCheck?: string;
  checkedBy?: string;
  afterPinLock?: boolean;
  /** 人間ドック: the identity verified with the My Number card itself, and by whom. */
  identityVerification?: { method: string; checkedBy: string; verifiedAt: string };
  withoutVoucher?: boolean;
}

/** A device nonce's random bytes (what signRequest draws when given none). */
const NONCE_BYTES = 12;
/** Nonces drawn per call of randomBytes: one per request cost the load driver more than the HMAC did. */
const NONCES_PER_DRAW = 1_024;
let noncePool = Buffer.alloc(0);
let nonceAt = 0;

/** A fresh random nonce, as signRequest's own (12 bytes, base64url), cut from a buffer drawn for many. */
function nextNonce(): string {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    nonceAt = 0;
  }
  const nonce = noncePool.toString('base64url', nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

/**
 * What a device, an operator and an auditor do over HTTP — the same calls a real client makes.
 * Device calls are signed with the device's key (learned from its activation, or given).
 */
export class PlatformClient {
  private readonly keys = new Map<string, string>();
  private readonly sessionDevice = new Map<string, string>();

  private readonly send: HttpTransport;

  /**
   * `staffTokens`: the bearer token used for each role's calls (operator for registry and imports,
   * auditor for audit trails); issued by the federation's identity provider.
   * `transport`: how requests are sent (default the global fetch); the load driver's bench gives
   * a kept-alive node:http one (keepAliveTransport) — the same requests, less of the driver's CPU.
   */
  constructor(
    private readonly urls: PlatformUrls,
    private readonly options: { staffTokens?: Partial<Record<StaffRole, string>>; transport?: HttpTransport } = {},
  ) {
    this.send = options.transport ?? fetchTransport;
  }

  /** Remembers a device's secret (shown once at activation); only its derived signing key is kept. */
  useDeviceSecret(deviceId: string, secret: string): void {
    this.keys.set(deviceId, signingKeyFromSecret(secret));
  }

  private async call<T>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
    asDevice?: string,
    role: StaffRole = 'operator',
  ): Promise<T> {
    const text = body !== undefined ? JSON.stringify(body) : undefined;
    const path = new URL(url).pathname;
    const token = this.options.staffTokens?.[role];
    const signed = asDevice
      ? signRequest({
          deviceId: asDevice,
          signingKey: this.keys.get(asDevice) ?? 'A'.repeat(43),
          method,
          path,
          body: text ?? '',
          nonce: nextNonce(),
        })
      : token
        ? { authorization: `Bearer ${token}` }
        : {};
    // Error messages in English (device routes answer in Japanese unless asked): logs and printouts quote them.
    const response = await this.send(
      method,
      url,
      { 'accept-language': 'en', ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...headers, ...signed },
      text,
    );
    const parsed: unknown = response.text ? JSON.parse(response.text) : undefined;
    if (response.status < 200 || response.status > 299) {
      const retryAfter = Number(response.header('retry-after') ?? Number.NaN);
      throw new PlatformHttpError(
        response.status,
        parsed,
        `${method} ${path}`,
        Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
      );
    }
    return parsed as T;
  }

  registerInstitution(request: RegisterInstitutionRequest) {
    return this.call('POST', `${this.urls.deviceRegistry}/institutions`, request);
  }

  registerSite(request: RegisterSiteRequest) {
    return this.call('POST', `${this.urls.deviceRegistry}/sites`, request);
  }

  registerDevice(request: RegisterDeviceRequest) {
    return this.call('POST', `${this.urls.deviceRegistry}/devices`, request);
  }

  /** Activates a device and keeps the secret it is issued (shown once) for signing its requests. */
  async activateDevice(deviceId: string, activatedBy: string) {
    const result = await this.call<{ state: string; issuedCredential?: { secret: string } }>(
      'POST',
      `${this.urls.deviceRegistry}/devices/${encodeURIComponent(deviceId)}/activate`,
      { activatedBy },
    );
    if (result.issuedCredential) this.useDeviceSecret(deviceId, result.issuedCredential.secret);
    return result;
  }

  suspendDevice(deviceId: string, by: string, reason: string) {
    return this.call('POST', `${this.urls.deviceRegistry}/devices/${encodeURIComponent(deviceId)}/suspend`, { by, reason });
  }

  heartbeat(deviceId: string, stopId?: string) {
    return this.call(
      'POST',
      `${this.urls.deviceRegistry}/devices/${encodeURIComponent(deviceId)}/heartbeat`,
      stopId ? { stopId } : {},
      {},
      deviceId,
    );
  }

  getDevice(deviceId: string) {
    return this.call<{ state: string; online?: boolean; currentStopId?: string }>(
      'GET',
      `${this.urls.deviceRegistry}/devices/${encodeURIComponent(deviceId)}`,
    );
  }

  putContract(contractId: string, request: ContractRequest) {
    return this.call('PUT', `${this.urls.voucherMatching}/contracts/${encodeURIComponent(contractId)}`, request);
  }

  importVouchers(request: ImportVouchersRequest) {
    return this.call<Record<string, number>>('POST', `${this.urls.voucherMatching}/vouchers/import`, request);
  }

  async openSession(
    request: {
      idempotencyKey?: string;
      deviceId: string;
      purpose: string;
      checkupDate?: string;
      stopId?: string;
      withoutVoucher?: boolean;
    },
    headers: Record<string, string> = {},
  ) {
    const session = await this.call<SessionView>('POST', `${this.urls.cardSession}/sessions`, request, headers, request.deviceId);
    this.sessionDevice.set(session.sessionId, request.deviceId);
    return session;
  }

  async submitCaptured(request: CapturedSessionRequest) {
    const session = await this.call<SessionView & { resent: boolean }>(
      'POST',
      `${this.urls.cardSession}/sessions/captured`,
      request,
      {},
      request.deviceId,
    );
    this.sessionDevice.set(session.sessionId, request.deviceId);
    return session;
  }

  /**
   * A raw signed device request (for tests of refusals): signs `rawBody` at `now`, then sends
   * `sendBody` (default: the same body) with the headers as `tamper` leaves them.
   */
  async deviceRequest(
    deviceId: string,
    method: string,
    url: string,
    rawBody: string,
    options: { now?: number; sendBody?: string; tamper?: (headers: Record<string, string>) => Record<string, string> } = {},
  ) {
    const signed = signRequest({
      deviceId,
      signingKey: this.keys.get(deviceId) ?? 'A'.repeat(43),
      method,
      path: new URL(url).pathname,
      body: rawBody,
      now: options.now,
    });
    const headers = { 'content-type': 'application/json', 'accept-language': 'en', ...signed };
    const body = options.sendBody ?? rawBody;
    return fetch(url, { method, headers: options.tamper ? options.tamper(headers) : headers, body: body || undefined });
  }

  private deviceOf(sessionId: string): string {
    const deviceId = this.sessionDevice.get(sessionId);
    if (!deviceId) throw new Error(`no device known for session ${sessionId}`);
    return deviceId;
  }

  submitCardRead(sessionId: string, request: CardReadRequest) {
    return this.call<SessionView>(
      'POST',
      `${this.urls.cardSession}/sessions/${sessionId}/card-read`,
      request,
      {},
      this.deviceOf(sessionId),
    );
  }

  /** 人間ドック: staff verified the visitor's identity with the My Number card itself (who did it). */
  verifyIdentity(sessionId: string, request: IdentityVerifiedRequest) {
    return this.call<SessionView>(
      'POST',
      `${this.urls.cardSession}/sessions/${sessionId}/identity-verified`,
      request,
      {},
      this.deviceOf(sessionId),
    );
  }

  /** The voucher as printed (insurer number, number, kind, validity, 窓口負担 per part, coordinator, 記号・番号 where printed). */
  presentVoucher(sessionId: string, voucher: PresentVoucherRequest) {
    return this.call<SessionView>('POST', `${this.urls.cardSession}/sessions/${sessionId}/voucher`, voucher, {}, this.deviceOf(sessionId));
  }

  /** A voucher by its identity (an insurer numbers its own vouchers): 記号・番号 masked, its uses and history. */
  getVoucher(insurerNumber: string, voucherNumber: string) {
    return this.call<Record<string, unknown>>(
      'GET',
      `${this.urls.voucherMatching}/vouchers/${encodeURIComponent(insurerNumber)}/${encodeURIComponent(voucherNumber)}`,
    );
  }

  /** Staff settle a needs-manual-check or member-mismatch (confirmed with the insurer, or the same person); the operator token says who. */
  settleDecision(sessionId: string, request: SettleDecisionRequest) {
    return this.call<Record<string, unknown>>(
      'POST',
      `${this.urls.voucherMatching}/decisions/${encodeURIComponent(sessionId)}/settlement`,
      request,
    );
  }

  /** Polls until the session view shows an outcome of `kind` (a settlement reaches the device's view over the bus). */
  async waitForOutcomeKind(sessionId: string, kind: string, timeoutMillis = 30_000, pollMillis = 50): Promise<SessionView> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const view = await this.getSession(sessionId);
      if (view.outcome?.kind === kind) return view;
      if (Date.now() > deadline)
        throw new Error(`session ${sessionId} shows no ${kind} within ${timeoutMillis} ms (outcome ${view.outcome?.kind ?? 'none'})`);
      await new Promise((r) => setTimeout(r, pollMillis));
    }
  }

  recordAlternative(sessionId: string, request: AlternativeMethodRequest) {
    return this.call<SessionView>(
      'POST',
      `${this.urls.cardSession}/sessions/${sessionId}/alternative`,
      request,
      {},
      this.deviceOf(sessionId),
    );
  }

  cancelSession(sessionId: string, by: string, reason: string) {
    return this.call<SessionView>(
      'POST',
      `${this.urls.cardSession}/sessions/${sessionId}/cancel`,
      { by, reason },
      {},
      this.deviceOf(sessionId),
    );
  }

  getSession(sessionId: string) {
    return this.call<SessionView>('GET', `${this.urls.cardSession}/sessions/${sessionId}`, undefined, {}, this.deviceOf(sessionId));
  }

  /** Polls until the session is completed (what a device does while the visitor waits). */
  async waitForOutcome(sessionId: string, timeoutMillis = 30_000, pollMillis = 25): Promise<SessionView> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const view = await this.getSession(sessionId);
      if (view.state === 'completed') return view;
      if (Date.now() > deadline) throw new Error(`session ${sessionId} not completed within ${timeoutMillis} ms (state ${view.state})`);
      await new Promise((r) => setTimeout(r, pollMillis));
    }
  }

  auditTrail(sessionId: string) {
    return this.call<{ sessionId: string; events: AuditEntry[] }>(
      'GET',
      `${this.urls.audit}/audit/sessions/${sessionId}`,
      undefined,
      {},
      undefined,
      'auditor',
    );
  }

  /** The FHIR R4 CoverageEligibilityResponse of a session, as an auditor reads it. */
  fhirCoverageEligibility(sessionId: string) {
    return this.call<Record<string, unknown>>(
      'GET',
      `${this.urls.audit}/fhir/CoverageEligibilityResponse/${encodeURIComponent(sessionId)}`,
      undefined,
      {},
      undefined,
      'auditor',
    );
  }

  /** A device's own events (registration, activation, lifecycle, offline/online), in order. */
  deviceTrail(deviceId: string) {
    return this.call<{ deviceId: string; events: AuditEntry[] }>(
      'GET',
      `${this.urls.audit}/audit/devices/${encodeURIComponent(deviceId)}`,
      undefined,
      {},
      undefined,
      'auditor',
    );
  }

  health(url: string) {
    return this.call<{ status: string }>('GET', `${url}/health`);
  }
}

export interface AuditEntry {
  id: string;
  type: string;
  version: number;
  time: string;
  source: string;
  subject: string;
  correlationId: string;
  causationId?: string;
  traceId?: string;
  topic: string;
  data: unknown;
}
