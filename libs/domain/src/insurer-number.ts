/**
 * 保険者番号 (insurer number): 8 digits = law code 2 + prefecture 2 + insurer 3 + check 1, or 6 digits
 * for municipal national health insurance (国保) = prefecture 2 + insurer 3 + check 1.
 *
 * Check digit (DOMAIN.md): over the digits before it, from the rightmost, multiply alternately by 2
 * and 1; add the products, a two-digit product counting as the sum of its digits;
 * check = (10 − total mod 10) mod 10. Example: 3312001 → 15 → 33120015.
 */
export function insurerCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error('insurer number body must be digits');
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const product = digit * (i % 2 === 0 ? 2 : 1);
    total += product > 9 ? product - 9 : product;
  }
  return (10 - (total % 10)) % 10;
}

export function isValidInsurerNumber(value: string): boolean {
  if (!/^(\d{6}|\d{8})$/.test(value)) return false;
  return insurerCheckDigit(value.slice(0, -1)) === Number(value[value.length - 1]);
}

/** Appends the check digit to a 5- or 7-digit body. */
export function withInsurerCheckDigit(body: string): string {
  if (!/^(\d{5}|\d{7})$/.test(body)) throw new Error('an insurer number body has 5 or 7 digits');
  return body + String(insurerCheckDigit(body));
}

/**
 * Normalises an insurer number at the boundary: trims the space padding of eligibility requests
 * and converts full-width digits. A 7-digit value is refused rather than guessed (a dropped leading
 * zero is a known real bug; padding it back could point at another insurer).
 */
export function normalizeInsurerNumber(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
}
