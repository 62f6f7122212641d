export const VOUCHER_REPOSITORY = Symbol('VoucherRepository');
export const IMPORT_JOBS = Symbol('ImportJobRepository');
export const CONTRACTS = Symbol('ContractRepository');
export const DECISIONS = Symbol('DecisionRepository');
export const SITE_NAMES = Symbol('SiteNameRepository');
export const INSTITUTIONS = Symbol('InstitutionDirectory');
