import { z } from 'zod';
import { DeviceKind, Identifier, InstitutionOrCodeInput } from '../common';

/** POST /devices — register a device (端末) for an institution's site; it starts as `requested`. */
export const RegisterDeviceRequest = z.strictObject({
  deviceId: Identifier,
  institutionNumber: InstitutionOrCodeInput,
  siteId: Identifier,
  kind: DeviceKind,
  requestedBy: z.string().min(1).max(64),
});
export type RegisterDeviceRequest = z.infer<typeof RegisterDeviceRequest>;

/** POST /devices/:deviceId/activate */
export const ActivateDeviceRequest = z.strictObject({ activatedBy: z.string().min(1).max(64) });
export type ActivateDeviceRequest = z.infer<typeof ActivateDeviceRequest>;
