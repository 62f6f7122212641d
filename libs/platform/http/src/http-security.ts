import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from './error-language';

/**
 * Browser-facing protections every service gets from createHttpApp (the audit service also serves
 * the operations dashboard, so none of them is optional):
 * - security headers: a CSP that only allows the service's own origin (no inline script or style,
 *   no framing), nosniff, no referrer, same-origin opener/resource policies, and HSTS when the
 *   request arrived over TLS (directly or, with HTTP_TRUST_PROXY, through a TLS-terminating proxy);
 * - CORS from an allow-list (CORS_ALLOWED_ORIGINS); without one, same-origin only: no
 *   Access-Control-Allow-Origin is ever sent and every preflight is refused.
 */
export interface HttpSecurityOptions {
  /**
   * Exact origins (scheme://host[:port]) allowed to call the API from a browser. Empty: same-origin only.
   * A function is read per request (embedded mode learns the desk's origin after the services listen).
   */
  corsAllowedOrigins: readonly string[] | (() => readonly string[]);
}

/**
 * Origins a service lets call some of its paths only: the reception app (served by card-session,
 * possibly from another origin than the API it calls) signs device requests from the browser. The
 * origins are read per request, so that a process that learns its URLs after start-up (embedded
 * mode listens on free ports) can still say them. A module provides its rules under ROUTE_CORS.
 */
export interface RouteCorsRule {
  origins: () => readonly string[];
  /** The paths the origins may call (matched against the path without the query). */
  paths: readonly RegExp[];
}

/** The Nest provider token of a module's RouteCorsRule list (read by createHttpApp when present). */
export const ROUTE_CORS = Symbol('RouteCors');

/** What a device request carries beyond a simple request: its signature headers and the language it wants. */
const DEVICE_CORS_HEADERS = 'content-type, accept-language, x-correlation-id, x-device-id, x-timestamp, x-nonce, x-signature';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The API reference page (/docs) only: Swagger UI's icons are `data:` images in its style sheet. */
export const DOCS_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; img-src 'self' data:`;

const CORS_METHODS = 'GET, POST, PUT';
const CORS_HEADERS = 'authorization, content-type, x-correlation-id';
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // `req.secure` honours X-Forwarded-Proto only when 'trust proxy' is set (HTTP_TRUST_PROXY), so a
  // client cannot switch HSTS on by sending the header itself.
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
  next();
}

const refuse = (req: Request, res: Response, status: number, code: string, message: string) =>
  sendError(req, res, status, { code, message });

/**
 * CORS: an origin of CORS_ALLOWED_ORIGINS may call every path with the staff headers; an origin of
 * a route rule (the reception app) only the rule's paths, with the device headers.
 */
export function corsFromAllowList(options: HttpSecurityOptions & { routes?: readonly RouteCorsRule[] }) {
  const given = options.corsAllowedOrigins;
  const fixed = typeof given === 'function' ? undefined : new Set(given);
  const allowedNow = () => fixed ?? new Set((given as () => readonly string[])());
  const routes = options.routes ?? [];
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const allowed = allowedNow();
    res.vary('Origin');
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const headers =
      typeof origin !== 'string'
        ? undefined
        : allowed.has(origin)
          ? CORS_HEADERS
          : routes.some((rule) => rule.origins().includes(origin) && rule.paths.some((path) => path.test(req.path)))
            ? DEVICE_CORS_HEADERS
            : undefined;
    if (!headers) {
      if (preflight) {
        refuse(req, res, 403, 'cors-origin-not-allowed', 'This origin may not call the API from a browser (CORS_ALLOWED_ORIGINS).');
        return;
      }
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin!);
    // A browser shows a script the headers of an error answer only when listed (Retry-After of a 429).
    res.setHeader('Access-Control-Expose-Headers', 'content-language, retry-after');
    if (preflight) {
      res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
      res.setHeader('Access-Control-Allow-Headers', headers);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The charset a content type declares when it is not UTF-8, lower-cased (`text/csv; charset=Shift_JIS`
 * → `shift_jis`); undefined for no charset or UTF-8, the bodies taken as sent.
 */
export function nonUtf8Charset(contentType: string | undefined): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  return charset === 'utf-8' || charset === 'utf8' ? undefined : charset;
}

/**
 * Bodies are UTF-8 (JSON by RFC 8259, and the CSV uploads): invalid byte sequences would be
 * silently turned into U+FFFD and stored as such, so they are refused instead. (A body that declares
 * another charset is decoded from it — by the JSON parser, or by the CSV upload's handler — and is
 * not judged as UTF-8.)
 */
export function refuseInvalidUtf8(req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction): void {
  const raw = req.rawBody;
  if (raw && nonUtf8Charset(req.headers['content-type']) === undefined && !isUtf8(raw)) {
    refuse(req, res, 400, 'invalid-utf8', 'The body is not valid UTF-8.');
    return;
  }
  next();
}
