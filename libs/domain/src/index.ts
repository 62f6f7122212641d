/** The domain's own vocabulary, free of frameworks: identifiers and their check digits, width normalisation, the errors rules throw. */
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
