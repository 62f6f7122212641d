import type {
  AlternativeMethodRequest,
  CapturedSessionRequest,
  CapturedSessionResponse,
  CardProblemRequest,
  CardReadRequest,
  DeviceActivationResponse,
  OpenSessionRequest,
  PresentedVoucher,
  ReadinessCheckRequest,
  ReadinessCheckResponse,
  SessionResponse,
  SettlementRequestRequest,
  TourReadinessResponse,
  TourResponse,
} from '@hcv/contracts';
import { acceptLanguage, EventStreamParser, type Lang } from '@hcv/ui';
import { signedHeaders } from '../device-signing';
import type { DeviceCredential } from './credential';
import type { DeviceSelf, ReceptionConfig } from './api-types';
import { retryTransient, type Transient } from './retry';

/** A refusal from a service: its code and its sentence in the language asked for (never a validator's text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { path: string; code: string }[] = [],
    /** Seconds to wait before sending again (the Retry-After of a 503 or 429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** No answer at all: the network (or the service) is unreachable. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause });
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string; fields?: { path: string; code: string }[] } } | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  throw new ApiError(
    response.status,
    error?.code ?? `http-${response.status}`,
    error?.message ?? response.statusText,
    error?.fields ?? [],
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  );
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
}

export async function loadConfig(base = new URL('.', location.href)): Promise<ReceptionConfig> {
  return parse<ReceptionConfig>(await send(new URL('config.json', base).href, { headers: { accept: 'application/json' } }));
}

/** POST /device-activations on the registry: the one-time code for the device's credential (no signature: the code is the proof). */
export async function redeemActivationCode(config: ReceptionConfig, code: string, lang: Lang): Promise<DeviceActivationResponse> {
  return parse(
    await send(new URL('/device-activations', config.deviceRegistryUrl).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': acceptLanguage(lang) },
      body: JSON.stringify({ code }),
    }),
  );
}

/** A 503 (a database or broker briefly unreachable) or no answer: worth sending an idempotent call again. */
function transientCall(error: unknown): Transient | undefined {
  if (error instanceof NetworkError) return {};
  if (error instanceof ApiError && error.status === 503)
    return error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds };
  return undefined;
}

/** A tour's path on device-registry: the bus (its site id) and the day. */
const tourPath = (busId: string, tourDate: string) => `/tours/${encodeURIComponent(busId)}/${encodeURIComponent(tourDate)}`;

/**
 * The device's calls, each signed in the browser (device-signing.ts) over the exact path and body
 * sent, and asking for errors in the screen's language.
 */
export class DeviceApi {
  constructor(
    private readonly config: ReceptionConfig,
    private readonly credential: DeviceCredential,
    private readonly lang: () => Lang,
  ) {}

  get deviceId(): string {
    return this.credential.deviceId;
  }

  private async signed(service: 'card-session' | 'device-registry', method: string, path: string, body?: unknown, signal?: AbortSignal) {
    const base = service === 'card-session' ? this.config.cardSessionUrl : this.config.deviceRegistryUrl;
    const url = new URL(path, base);
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers = await signedHeaders({
      deviceId: this.credential.deviceId,
      key: this.credential.key,
      method,
      path: url.pathname + url.search,
      body: text,
    });
    return send(url.href, {
      method,
      headers: {
        ...headers,
        accept: 'application/json',
        'accept-language': acceptLanguage(this.lang()),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: text }),
      ...(signal ? { signal } : {}),
    });
  }

  private async call<T>(service: 'card-session' | 'device-registry', method: string, path: string, body?: unknown): Promise<T> {
    return parse<T>(await this.signed(service, method, path, body));
  }

  self(): Promise<DeviceSelf> {
    return this.call('card-session', 'GET', '/devices/self');
  }

  /**
   * Opens the visit's session. The request carries an idempotency key, so it is sent again (signed
   * anew) while the service answers 503 temporarily-unavailable or does not answer: a retry returns
   * the session the first attempt stored, never a second one.
   */
  openSession(request: Omit<OpenSessionRequest, 'deviceId'> & { idempotencyKey: string }): Promise<SessionResponse> {
    return retryTransient(
      () => this.call<SessionResponse>('card-session', 'POST', '/sessions', { deviceId: this.deviceId, ...request }),
      transientCall,
    );
  }

  cardRead(sessionId: string, request: CardReadRequest): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/card-read`, request);
  }

  cardProblem(sessionId: string, request: CardProblemRequest): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/card-problem`, request);
  }

  alternative(sessionId: string, request: AlternativeMethodRequest): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/alternative`, request);
  }

  voucher(sessionId: string, voucher: PresentedVoucher): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/voucher`, voucher);
  }

  cancel(sessionId: string, by: string, reason: string): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/cancel`, { by, reason });
  }

  /** POST /sessions/:id/settlement-request: asks the federation's desk to settle this outcome (once per session; a repeat answers the same). */
  requestSettlement(sessionId: string, request: SettlementRequestRequest = {}): Promise<SessionResponse> {
    return this.call('card-session', 'POST', `/sessions/${sessionId}/settlement-request`, request);
  }

  session(sessionId: string): Promise<SessionResponse> {
    return this.call('card-session', 'GET', `/sessions/${sessionId}`);
  }

  captured(request: CapturedSessionRequest): Promise<CapturedSessionResponse> {
    return this.call('card-session', 'POST', '/sessions/captured', request);
  }

  /** GET /tours/:busId/:tourDate (device-registry): the bus's stops of the day. */
  tour(busId: string, tourDate: string): Promise<TourResponse> {
    return this.call('device-registry', 'GET', tourPath(busId, tourDate));
  }

  /** POST /tours/:busId/:tourDate/readiness-checks (device-registry): this device's pre-tour check, judged by the registry. */
  readinessCheck(busId: string, tourDate: string, request: ReadinessCheckRequest): Promise<ReadinessCheckResponse> {
    return this.call('device-registry', 'POST', `${tourPath(busId, tourDate)}/readiness-checks`, request);
  }

  /** GET /tours/:busId/:tourDate/readiness (device-registry): every device of the bus with its latest checks. */
  readiness(busId: string, tourDate: string): Promise<TourReadinessResponse> {
    return this.call('device-registry', 'GET', `${tourPath(busId, tourDate)}/readiness`);
  }

  /** POST /tours/:busId/:tourDate/ready (device-registry, no body): marks the tour ready; 409 tour-not-ready while a check is red. */
  markReady(busId: string, tourDate: string): Promise<TourReadinessResponse> {
    return this.call('device-registry', 'POST', `${tourPath(busId, tourDate)}/ready`);
  }

  /**
   * Follows a session by server push (GET /sessions/:id/stream, text/event-stream read from the
   * fetch body): every `session` event is the session view. Resolves when the stream ends (the
   * session finished, or the connection dropped: the caller reconnects unless finished).
   */
  async stream(sessionId: string, onSession: (view: SessionResponse) => void, signal: AbortSignal): Promise<void> {
    const response = await this.signed('card-session', 'GET', `/sessions/${sessionId}/stream`, undefined, signal);
    if (!response.ok || !response.body) await parse(response);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new EventStreamParser();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const event of parser.push(value)) if (event.event === 'session') onSession(JSON.parse(event.data) as SessionResponse);
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new NetworkError(error);
    } finally {
      reader.releaseLock();
    }
  }
}
