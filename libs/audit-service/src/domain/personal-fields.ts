/**
 * Which fields of an event's data are personal (kept by audit only as keyed pseudonyms) and which
 * of them are the insurance identity 記号・番号・枝番 (also kept encrypted, for auditors).
 */

/** Personal fields that audit keeps only as keyed hashes: auditors can match them, nobody can read them. */
export const PERSONAL_FIELDS = new Set([
  'symbol',
  'number',
  'branch',
  'name',
  'nameKana',
  'birthDate',
  'cardReference',
  'signingKey',
  'sealedSigningKey',
]);

/** 記号・番号・枝番: readable by auditors (decrypted from the record's cipher); names and birth dates never are. */
export const INSURANCE_FIELDS = new Set(['symbol', 'number', 'branch']);

/** The insurance identity fields of an event's data, by dotted path (arrays by index). */
export function insuranceFieldsOf(value: unknown, path = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) value.forEach((v, i) => Object.assign(out, insuranceFieldsOf(v, `${path}${i}.`)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (INSURANCE_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number')) out[`${path}${k}`] = String(v);
      else Object.assign(out, insuranceFieldsOf(v, `${path}${k}.`));
    }
  }
  return out;
}
