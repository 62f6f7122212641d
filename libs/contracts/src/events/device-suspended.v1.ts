import { defineEvent } from '../envelope';
import { DeviceChange } from './device-change';

/** The device may not be used until re-activated (also: all devices of a withdrawn insurer). Key: device id. */
export const DeviceSuspendedV1 = defineEvent({ type: 'device.suspended', version: 1, data: DeviceChange });
