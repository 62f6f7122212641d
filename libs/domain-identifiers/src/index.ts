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
