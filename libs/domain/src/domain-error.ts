/** Errors domain code throws; framework-free so pure rules can use them (transports map them to HTTP). */
/**
 * An error a user can meet: a stable machine-readable code, a sentence that says what to do, and
 * the HTTP status it maps to. Domain code throws these; transports map them.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429 | 503 = 422,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(`${what}-not-found`, `No ${what.replace(/-/g, ' ')} with id ${id}.`, 404);
  }
}
