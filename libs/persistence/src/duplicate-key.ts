/** MongoDB's duplicate key error (E11000), the signal that a unique rule held. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}
