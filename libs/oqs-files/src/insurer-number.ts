import { normalizeInsurerNumber } from '@hcv/domain';

/**
 * An insurer number as the platform keeps it: the terminal's padding trimmed, full-width digits
 * made half-width, and a 6-digit 国保 number written as 8 with law code "00" folded back to its 6
 * digits (no law code is "00", so nothing else can be meant). Never padded: a 7-digit value
 * stays 7 digits and fails validation (a dropped leading zero is not guessed back).
 */
export function foldInsurerNumber(raw: string): string {
  const trimmed = normalizeInsurerNumber(raw);
  return /^00\d{6}$/.test(trimmed) ? trimmed.slice(2) : trimmed;
}

/**
 * How a 6-digit 国保 number is widened to the request's 8 characters. DOMAIN.md has insurer numbers
 * space-padded in eligibility requests and zero-padded in checkup XML; the terminal's own
 * specification was not available (INTERFACES.md §1 says only "8 digits, left-padded"), so the
 * choice is a setting: `space` (the default, "  131011") or `zero` ("00131011").
 */
export type InsurerPadding = 'space' | 'zero';

export function padInsurerNumber(insurerNumber: string, padding: InsurerPadding): string {
  if (/^\d{8}$/.test(insurerNumber)) return insurerNumber;
  if (!/^\d{6}$/.test(insurerNumber)) throw new Error('an insurer number has 6 or 8 digits');
  return insurerNumber.padStart(8, padding === 'zero' ? '0' : ' ');
}
