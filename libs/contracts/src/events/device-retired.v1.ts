import { defineEvent } from '../envelope';
import { DeviceChange } from './device-change';

/** The device is gone for good. Key: device id. */
export const DeviceRetiredV1 = defineEvent({ type: 'device.retired', version: 1, data: DeviceChange });
