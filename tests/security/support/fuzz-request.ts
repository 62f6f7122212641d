import { ERROR_CATALOGUE } from '@hcv/contracts';
import { signRequest } from '@hcv/platform-access';

/** One request as the fuzzer sends it: the body is raw bytes or text, exactly as on the wire. */
export interface FuzzRequest {
  method: string;
  /** Path and query, e.g. `/devices?siteId=x`. */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends one request. A connection reset before any answer is retried once on a fresh attempt: after
 * a refused oversized upload the server closes that keep-alive socket, and the client may already
 * have picked it for the next request. (A crashed service fails the retry and the /health checks.)
 */
export async function send(baseUrl: string, request: FuzzRequest, retried = false): Promise<Answer> {
  try {
    const response = await fetch(`${baseUrl}${request.target}`, {
      method: request.method,
      headers: request.headers,
      body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : new Uint8Array(request.body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (!retried && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')) return send(baseUrl, request, true);
    throw error;
  }
}

/** How a device request is (mis)authenticated. */
export type DeviceAuthVariant = 'signed' | 'unsigned' | 'bad-signature' | 'stale' | 'other-body';

/** Device headers for the request as sent; the HMAC covers the path with its query, and the body bytes. */
export function deviceHeaders(input: {
  deviceId: string;
  signingKey: string;
  method: string;
  target: string;
  body: string | Buffer;
  variant: DeviceAuthVariant;
}): Record<string, string> {
  const { variant } = input;
  if (variant === 'unsigned') return {};
  const signedBody = variant === 'other-body' ? Buffer.concat([Buffer.from(input.body), Buffer.from(' ')]) : input.body;
  const headers = signRequest({
    deviceId: input.deviceId,
    signingKey: input.signingKey,
    method: input.method,
    path: input.target,
    body: signedBody as string,
    now: variant === 'stale' ? Date.now() - 10 * 60_000 : Date.now(),
  });
  if (variant === 'bad-signature') headers['x-signature'] = `${headers['x-signature']!.slice(0, -2)}AA`;
  return headers;
}

const REQUIRED_HEADERS: Record<string, RegExp> = {
  'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^no-referrer$/,
};

/**
 * What every answer must be, whatever was sent: never a 5xx; a refusal is JSON
 * `{ error: { code, message } }` with a catalogued code whose status is the response's, and a
 * sentence; the security headers are on every response and X-Powered-By never is.
 * Returns the problem, or null.
 */
export function problemWith(answer: Answer): string | null {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  for (const [name, pattern] of Object.entries(REQUIRED_HEADERS)) {
    if (!pattern.test(answer.headers.get(name) ?? '')) return `header ${name} missing or wrong: ${answer.headers.get(name)}`;
  }
  if (answer.headers.get('x-powered-by')) return 'sends X-Powered-By';
  if (answer.status < 400) return null;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `refusal ${answer.status} is not JSON: ${answer.text.slice(0, 200)}`;
  }
  const code = body.error?.code;
  const message = body.error?.message;
  if (typeof code !== 'string' || !(code in ERROR_CATALOGUE))
    return `refusal ${answer.status} has an uncatalogued code ${JSON.stringify(code)}: ${answer.text.slice(0, 200)}`;
  const catalogued = ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status;
  if (catalogued !== answer.status) return `code ${code} answered ${answer.status} but is catalogued as ${catalogued}`;
  if (typeof message !== 'string' || message.trim().length < 8) return `refusal ${code} has no sentence: ${JSON.stringify(message)}`;
  return null;
}
