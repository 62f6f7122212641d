/** MongoDB's duplicate key error (E11000), the signal that a unique rule held. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/**
 * The operations of an unordered bulk write (insertMany, bulkWrite) of `count` operations that met a
 * duplicate key: their indexes. A lone operation may come back as the plain duplicate key error.
 * Throws `error` itself when any operation failed otherwise, or when it failed as a whole.
 */
export function duplicateKeyIndexes(error: unknown, count: number): Set<number> {
  const { writeErrors } = (error ?? {}) as { writeErrors?: unknown };
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index?: number; code?: number }[];
  if (!list.length && isDuplicateKeyError(error) && count === 1) return new Set([0]);
  if (!list.length || list.some((e) => e.code !== 11000 || typeof e.index !== 'number')) throw error;
  return new Set(list.map((e) => e.index!));
}
