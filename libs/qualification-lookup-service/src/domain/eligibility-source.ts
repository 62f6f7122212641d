import { z } from 'zod';

/**
 * Where an institution's eligibility answers come from (a setting per institution, DOMAIN.md "How
 * 限定型 really answers"):
 * - `device-reported` (資格確認限定型, the default): the registered device runs the national
 *   マイナ資格確認アプリ and reports what it showed with the request; nothing is called;
 * - `oqs-terminal` (既存型): the institution keeps a 資格確認端末; the request waits for its on-site
 *   bridge (apps/oqs-bridge), which asks the terminal and posts the answer back;
 * - `simulator`: the synthetic national system (development and tests only, refused in production);
 * - `generic-http`: a JSON-over-HTTP endpoint of the platform's own invention. No national API of
 *   this shape exists: it serves as a controllable upstream for fault tests of the resilience layer.
 */
export const EligibilitySourceKind = z.enum(['device-reported', 'oqs-terminal', 'simulator', 'generic-http']);
export type EligibilitySourceKind = z.infer<typeof EligibilitySourceKind>;

/** The sources a service answers from: one for every institution, and the institutions that differ. */
export interface EligibilitySourceSettings {
  defaultSource: EligibilitySourceKind;
  /** Institution number (10 digits) → its source. */
  byInstitution: Readonly<Record<string, EligibilitySourceKind>>;
}

export const DEFAULT_SOURCES: EligibilitySourceSettings = { defaultSource: 'device-reported', byInstitution: {} };

/** The source configured for one institution. */
export function sourceFor(settings: EligibilitySourceSettings, institutionNumber: string): EligibilitySourceKind {
  return settings.byInstitution[institutionNumber] ?? settings.defaultSource;
}

/** Every source the settings name (to check at start-up what must be configured, and what production refuses). */
export function sourcesInUse(settings: EligibilitySourceSettings): Set<EligibilitySourceKind> {
  return new Set([settings.defaultSource, ...Object.values(settings.byInstitution)]);
}

/** The two sources that ask an adapter behind the national-system port (with its resilience around it). */
export type UpstreamSourceKind = Extract<EligibilitySourceKind, 'simulator' | 'generic-http'>;
export const isUpstreamSource = (kind: EligibilitySourceKind): kind is UpstreamSourceKind =>
  kind === 'simulator' || kind === 'generic-http';
