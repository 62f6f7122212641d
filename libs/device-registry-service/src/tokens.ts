export const DEVICE_REPOSITORY = Symbol('DeviceRepository');
export const INSTITUTION_REPOSITORY = Symbol('InstitutionRepository');
export const SITE_REPOSITORY = Symbol('SiteRepository');
