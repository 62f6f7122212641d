/** The domain's own vocabulary, free of frameworks: identifiers and their check digits, width normalisation, the errors rules throw, and the rules the read sides share (counting a session once, the time-to-outcome histogram). */
export { DomainError, NotFoundError } from './domain-error';
export { insurerCheckDigit, isValidInsurerNumber, withInsurerCheckDigit, normalizeInsurerNumber } from './insurer-number';
export {
  institutionNumberProblem,
  isValidInstitutionNumber,
  withInstitutionCheckDigit,
  onlineEligibilityCode,
  isOnlineEligibilityCode,
  type InstitutionNumberProblem,
} from './institution-number';
export { normalizeWidth } from './width';
export { countsNow, mergeInMemory, type SessionMerge } from './session-merge';
export { BUCKET_LABELS, bucketOf, LATENCY_BUCKETS_MS, quantileMillis, type BucketLabel } from './time-to-outcome';
