import { accessToken } from '@hcv/platform-access/browser';
import { EventStreamParser } from '@hcv/ui';

/** GET /desk/config.json (served by the audit process). */
export interface DeskConfig {
  issuer: string | null;
  clientId: string;
  audience: string | null;
  scopes: string[];
  apis: { audit: string | null; deviceRegistry: string | null; voucherMatching: string | null; cardSession: string | null };
}

export type Service = keyof DeskConfig['apis'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The staff API client: every call with the bearer token of the login and the chosen language. */
export class DeskApi {
  constructor(
    private readonly config: DeskConfig,
    private readonly lang: () => 'ja' | 'en',
    private readonly onLoggedOut: () => void,
  ) {}

  url(service: Service, path: string): string {
    const base = this.config.apis[service] ?? (service === 'audit' ? location.origin : null);
    if (!base) throw new ApiError(0, 'not-configured', `The ${service} service is not configured for the desk.`);
    return `${base.replace(/\/$/, '')}${path}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = accessToken();
    if (!token) {
      this.onLoggedOut();
      throw new ApiError(401, 'staff-auth-missing', 'Not logged in.');
    }
    return { authorization: `Bearer ${token}`, 'accept-language': this.lang(), ...extra };
  }

  async request<T>(
    service: Service,
    path: string,
    init: { method?: string; body?: unknown; raw?: BodyInit; contentType?: string } = {},
  ): Promise<T> {
    const headers = this.headers(
      init.body !== undefined ? { 'content-type': 'application/json' } : init.contentType ? { 'content-type': init.contentType } : {},
    );
    const response = await fetch(this.url(service, path), {
      method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : init.raw !== undefined ? { body: init.raw } : {}),
    });
    if (response.status === 401) this.onLoggedOut();
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'http-error', error?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }

  get<T>(service: Service, path: string) {
    return this.request<T>(service, path);
  }

  post<T>(service: Service, path: string, body: unknown = {}) {
    return this.request<T>(service, path, { method: 'POST', body });
  }

  /**
   * GET /operations/stream read with fetch (EventSource cannot send the bearer header): calls `onEvent`
   * per event until `signal` aborts or the server ends the stream (the caller reconnects).
   */
  async stream(path: string, onEvent: (event: string, data: unknown) => void, signal: AbortSignal): Promise<void> {
    const response = await fetch(this.url('audit', path), { headers: this.headers({ accept: 'text/event-stream' }), signal });
    if (!response.ok || !response.body) throw new ApiError(response.status, 'stream-refused', `HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new EventStreamParser();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const e of parser.push(value)) onEvent(e.event, e.data ? (JSON.parse(e.data) as unknown) : undefined);
    }
  }
}

/** The roles and name in the access token (display only: every service checks the token itself). */
export function tokenClaims(): { sub: string; roles: string[] } {
  const token = accessToken();
  if (!token) return { sub: '', roles: [] };
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; roles?: unknown };
    return { sub: payload.sub ?? '', roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [] };
  } catch {
    return { sub: '', roles: [] };
  }
}

/** Rejected rows of an import as a CSV with a BOM (Excel opens it in Japanese). */
export function rejectedRowsCsv(rows: readonly { line: number; field: string; code: string; reason: string }[]): string {
  const cell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const lines = [
    ['行', '項目', 'コード', '理由'].map(cell).join(','),
    ...rows.map((r) => [r.line, r.field, r.code, r.reason].map(cell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
