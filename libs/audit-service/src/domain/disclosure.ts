import type { AuditRecord } from './audit-record';
import { INSURANCE_FIELDS, PERSONAL_FIELDS } from './personal-fields';

export const MASK = '****';

export interface Reader {
  auditor: boolean;
  /** Opens a record's insurance cipher: `{ "<path>": "<clear>" }` (adapters/insurance-cipher.ts). */
  decrypt: (cipher: string) => Record<string, string>;
}

/**
 * What a reader may see of a record. Auditors see 記号・番号・枝番 in clear (decrypted from the
 * record's cipher) and names/birth dates as pseudonyms (never stored in clear). Every other role
 * sees every personal field masked. The stored record (and its hash) is never changed.
 */
export function disclose(record: AuditRecord, reader: Reader): AuditRecord {
  const cipher = record.rekeyedInsuranceCipher ?? record.insuranceCipher;
  const clear = reader.auditor && cipher ? reader.decrypt(cipher) : {};
  const walk = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}${i}.`));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!PERSONAL_FIELDS.has(k) || typeof v === 'object') out[k] = walk(v, `${path}${k}.`);
        else if (!reader.auditor) out[k] = MASK;
        else out[k] = INSURANCE_FIELDS.has(k) ? (clear[`${path}${k}`] ?? v) : v;
      }
      return out;
    }
    return value;
  };
  const { insuranceCipher: _cipher, rekeyedInsuranceCipher: _rekeyed, ...rest } = record;
  return { ...rest, data: walk(record.data, '') };
}
