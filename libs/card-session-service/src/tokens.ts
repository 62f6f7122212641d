export const SESSION_REPOSITORY = Symbol('SessionRepository');
export const DEVICE_DIRECTORY = Symbol('DeviceDirectory');
export const SESSION_STORE = Symbol('SessionStore');
export const RECEPTION_APP = Symbol('ReceptionApp');
