export const SESSION_REPOSITORY = Symbol('SessionRepository');
export const DEVICE_DIRECTORY = Symbol('DeviceDirectory');
export const SESSION_STORE = Symbol('SessionStore');
export const RECEPTION_APP = Symbol('ReceptionApp');
export const SESSION_STREAM_SETTINGS = Symbol('SessionStreamSettings');
export const SITE_DIRECTORY = Symbol('SiteDirectory');
export const CARD_SESSION_CONFIG = Symbol('CardSessionConfig');
export const NONCE_STORE = Symbol('NonceStore');
