/**
 * Keys whose values are personal data under the 告知要求制限 rules: insurance 記号・番号・枝番, names,
 * birth dates, and the card reference. Whatever nests them, a log line or a span attribute shows
 * "[redacted]" instead. Matching is by key (case-insensitive), so a new field with one of these
 * names is redacted without anyone remembering to add it.
 */
const PERSONAL_KEYS = new Set(
  [
    'symbol',
    'number',
    'branch',
    'insuranceSymbol',
    'insuranceNumber',
    'name',
    'nameKana',
    'birthDate',
    'cardReference',
    'qualification',
    'member',
    'signingKey',
    'secret',
    'transcribed',
    'eligibility',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[redacted]';

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEYS.has(key.toLowerCase());
}

/** A deep copy of `value` with personal fields replaced; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { error: value.name, message: value.message };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isPersonalKey(k) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
