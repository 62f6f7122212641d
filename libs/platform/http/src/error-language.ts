import type { Request, Response } from 'express';
import { ERROR_CATALOGUE } from '@hcv/contracts';

/** The languages an error message is given in: the catalogue has both sentences for every code. */
export type ErrorLanguage = 'ja' | 'en';

/** One problem of a refused request body or query, by where it is and what is wrong (zod's issue code). */
export interface FieldProblem {
  path: string;
  code: string;
}

/** The typed error body every service answers with (`fields` on `invalid-request` only). */
export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  fields?: FieldProblem[];
}

type WithLanguage = Request & { hcvErrorLanguage?: ErrorLanguage };

/**
 * The language a route answers errors in when the caller does not ask (set by the access guard
 * from the route's rule): Japanese for devices and the public routes the reception app calls,
 * English for staff routes.
 */
export function setDefaultErrorLanguage(req: Request, language: ErrorLanguage): void {
  (req as WithLanguage).hcvErrorLanguage = language;
}

/**
 * The language of an error answer: the caller's `Accept-Language` (ja or en, by its q-values),
 * else the route's default; where no route was matched (an unknown path, a body refused before
 * routing), a signed device request gets Japanese and anything else English.
 */
export function errorLanguage(req: Request): ErrorLanguage {
  const fallback: ErrorLanguage = (req as WithLanguage).hcvErrorLanguage ?? (req.headers['x-device-id'] ? 'ja' : 'en');
  if (!req.headers['accept-language']) return fallback;
  const best = req.acceptsLanguages(fallback === 'ja' ? ['ja', 'en'] : ['en', 'ja']);
  return best === 'ja' || best === 'en' ? best : fallback;
}

/**
 * The message in the caller's language: the specific English message (naming the device, the
 * session, the field) or the catalogue's Japanese sentence for the code.
 */
export function localisedMessage(req: Request, code: string, english: string): string {
  if (errorLanguage(req) === 'en') return english;
  return Object.hasOwn(ERROR_CATALOGUE, code) ? ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].ja : english;
}

/**
 * Sends a typed error in the caller's language, as JSON even where a route set another content
 * type (FHIR routes answer application/fhir+json); `Content-Language` says which, `Vary` that it
 * depends on the request's header.
 */
export function sendError(req: Request, res: Response, status: number, error: ErrorBody): void {
  const language = errorLanguage(req);
  res.vary('Accept-Language');
  res.setHeader('Content-Language', language);
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .json({ error: { ...error, message: localisedMessage(req, error.code, error.message) } });
}
