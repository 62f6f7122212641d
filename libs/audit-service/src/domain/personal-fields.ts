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

/**
 * The insurance identity fields of an event's data, by dotted path (arrays by index). One walk
 * filling one object: it runs for every audit record, and the version that built an object per
 * level (entries, Object.assign, a path string per key) was a visible share of embedded mode's CPU.
 */
export function insuranceFieldsOf(value: unknown, path = ''): Record<string, string> {
  const out: Record<string, string> = {};
  collectInsuranceFields(value, path, out);
  return out;
}

function collectInsuranceFields(value: unknown, path: string, out: Record<string, string>): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectInsuranceFields(value[i], `${path}${i}.`, out);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const k of Object.keys(object)) {
    const v = object[k];
    if (INSURANCE_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number')) out[`${path}${k}`] = String(v);
    // Only an object or array can hold a field: no path is built for the leaves.
    else if (typeof v === 'object' && v !== null) collectInsuranceFields(v, `${path}${k}.`, out);
  }
}
