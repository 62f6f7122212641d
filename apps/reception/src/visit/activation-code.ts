/**
 * Whether what was typed can be an activation code: 12 letters or digits once spaces and hyphens
 * are left out (any case, full-width folded). Only a first check so the desk sees a typo at once;
 * the registry reads the code itself (its Crockford rules, look-alike letters) and answers
 * `activation-code-invalid` when there is no such code.
 */
export function looksLikeActivationCode(raw: string): boolean {
  return /^[0-9A-Z]{12}$/i.test(raw.normalize('NFKC').replace(/[\s\-‐‑‒–—―−ー]/g, ''));
}
