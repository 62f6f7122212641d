export { insurerCheckDigit, isValidInsurerNumber, withInsurerCheckDigit, normalizeInsurerNumber } from './insurer-number';
export { normalizeWidth } from './width';
