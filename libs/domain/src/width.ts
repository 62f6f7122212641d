/**
 * Compares insurance symbols/numbers and names after width normalisation (full-width ↔ half-width,
 * ideographic space), as DOMAIN.md requires: NFKC folds full-width letters and digits.
 */
export function normalizeWidth(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}
