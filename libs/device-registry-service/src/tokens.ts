export const DEVICE_REPOSITORY = Symbol('DeviceRepository');
