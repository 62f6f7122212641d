import type { CardReadRequest, ImportVouchersRequest, RegisterDeviceRequest } from '@hcv/contracts';

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
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface SessionView {
  sessionId: string;
  state: string;
  correlationId: string;
  outcome?: { kind: string; reason: string; mismatchedField?: string; decidedAt: string };
  openedAt: string;
  completedAt?: string;
}

/** What a device, an operator and an auditor do over HTTP — the same calls a real client makes. */
export class PlatformClient {
  constructor(private readonly urls: PlatformUrls) {}

  private async call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new PlatformHttpError(response.status, parsed, `${method} ${new URL(url).pathname}`);
    return parsed as T;
  }

  registerDevice(request: RegisterDeviceRequest) {
    return this.call('POST', `${this.urls.deviceRegistry}/devices`, request);
  }

  activateDevice(deviceId: string, activatedBy: string) {
    return this.call('POST', `${this.urls.deviceRegistry}/devices/${encodeURIComponent(deviceId)}/activate`, { activatedBy });
  }

  importVouchers(request: ImportVouchersRequest) {
    return this.call<Record<string, number>>('POST', `${this.urls.voucherMatching}/vouchers/import`, request);
  }

  openSession(request: { deviceId: string; purpose: string; checkupDate?: string }, headers: Record<string, string> = {}) {
    return this.call<SessionView>('POST', `${this.urls.cardSession}/sessions`, request, headers);
  }

  submitCardRead(sessionId: string, request: CardReadRequest) {
    return this.call<SessionView>('POST', `${this.urls.cardSession}/sessions/${sessionId}/card-read`, request);
  }

  presentVoucher(sessionId: string, voucherNumber: string) {
    return this.call<SessionView>('POST', `${this.urls.cardSession}/sessions/${sessionId}/voucher`, { voucherNumber });
  }

  getSession(sessionId: string) {
    return this.call<SessionView>('GET', `${this.urls.cardSession}/sessions/${sessionId}`);
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
    return this.call<{ sessionId: string; events: AuditEntry[] }>('GET', `${this.urls.audit}/audit/sessions/${sessionId}`);
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
