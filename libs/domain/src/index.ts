/** The domain's own vocabulary, free of frameworks: identifiers and their check digits, width normalisation, the errors rules throw, and the rules the read sides share (counting a session once, the time-to-outcome histogram). */
export { DomainError, NotFoundError } from './domain-error';
export {
  insurerCheckDigit,
  isValidInsurerNumber,
  withInsurerCheckDigit,
  normalizeInsurerNumber,
  parseInsurerNumber,
  invalidInsurerNumber,
  insurerNumberOrThrow,
  INSURER_NUMBER_SENTENCE,
  type InsurerNumberParse,
} from './insurer-number';
export {
  institutionNumberProblem,
  institutionNumberWarnings,
  isValidInstitutionNumber,
  normalizeInstitutionNumber,
  parseInstitutionNumber,
  invalidInstitutionNumber,
  institutionNumberOrThrow,
  withInstitutionCheckDigit,
  onlineEligibilityCode,
  isOnlineEligibilityCode,
  INSTITUTION_NUMBER_SENTENCE,
  type InstitutionNumberProblem,
  type InstitutionNumberWarning,
  type InstitutionNumberParse,
} from './institution-number';
export { normalizeWidth } from './width';
export { isoOfMillis } from './iso-time';
export { countsNow, mergeInMemory, type SessionMerge } from './session-merge';
export { BUCKET_LABELS, bucketOf, LATENCY_BUCKETS_MS, quantileMillis, type BucketLabel } from './time-to-outcome';
export { prefectureName } from './prefecture';
