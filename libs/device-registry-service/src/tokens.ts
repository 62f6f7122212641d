export const DEVICE_REPOSITORY = Symbol('DeviceRepository');
export const INSTITUTION_REPOSITORY = Symbol('InstitutionRepository');
export const SITE_REPOSITORY = Symbol('SiteRepository');
export const DEVICE_STORE = Symbol('DeviceStore');
export const INSTITUTION_STORE = Symbol('InstitutionStore');
export const SITE_STORE = Symbol('SiteStore');
export const DEVICE_REGISTRY_CONFIG = Symbol('DeviceRegistryConfig');
