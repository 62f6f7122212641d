import type { AuditFacets } from './audit-record';

const str = (v: unknown) => (typeof v === 'string' && v.length ? v : undefined);
/** `value[a][b][c]` where each step is an object (no rest array and no closure per lookup: a dozen run per audit record). */
const at = (value: unknown, a: string, b?: string, c?: string): unknown => {
  let v = value && typeof value === 'object' ? (value as Record<string, unknown>)[a] : undefined;
  if (b !== undefined) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[b] : undefined;
  if (c !== undefined) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[c] : undefined;
  return v;
};

/**
 * What an auditor searches by, lifted from an event's data (none of it personal): the session, the
 * device, the site, the institution and the insurer. Each is taken from where the contracts put it
 * (top level, the lookup's request echo, the qualification, an operator's transcription).
 */
export function facetsOf(data: unknown): AuditFacets {
  const facets: AuditFacets = {
    sessionId: str(at(data, 'sessionId')) ?? str(at(data, 'request', 'sessionId')),
    deviceId: str(at(data, 'deviceId')),
    // A bus's tour events name the bus (its site) as busId.
    siteId: str(at(data, 'siteId')) ?? str(at(data, 'request', 'siteId')) ?? str(at(data, 'busId')),
    institutionNumber: str(at(data, 'institutionNumber')) ?? str(at(data, 'request', 'institutionNumber')),
    insurerNumber:
      str(at(data, 'insurerNumber')) ??
      str(at(data, 'result', 'qualification', 'insurerNumber')) ??
      str(at(data, 'eligibility', 'insurerNumber')) ??
      str(at(data, 'qualification', 'insurerNumber')) ??
      // what the device's national app showed (資格確認限定型), on the request or its parked retry
      str(at(data, 'reported', 'insurerNumber')) ??
      str(at(data, 'request', 'reported', 'insurerNumber')) ??
      // the voucher's insurer (as presented) when no eligibility answer named one
      str(at(data, 'voucher', 'insurerNumber')) ??
      str(at(data, 'request', 'voucher', 'insurerNumber')),
  };
  for (const key of Object.keys(facets) as (keyof AuditFacets)[]) if (facets[key] === undefined) delete facets[key];
  return facets;
}
