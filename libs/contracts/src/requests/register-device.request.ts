import { z } from 'zod';
import { DeviceKind, Identifier } from '../common';
import { EXACTLY_ONE_OPERATOR, exactlyOneOperator, OperatorFields } from './registry.request';

/** The card reader attached to a device (model and serial number, as printed on it). */
export const CardReader = z.strictObject({ model: z.string().trim().min(1).max(100), serial: z.string().trim().min(1).max(64) });
export type CardReader = z.infer<typeof CardReader>;

/**
 * The reference the national portal gave the device's registration (マイナ資格確認アプリ 利用開始申請 /
 * 端末 registration: 端末認証 in national terms). Its format is not public: any visible ASCII, up to 64.
 */
export const PortalRegistrationReference = z.string().regex(/^[\x21-\x7E]{1,64}$/, 'up to 64 visible ASCII characters');

/**
 * POST /devices — register a device (端末) at a site of an institution or of an insurer running
 * checkups itself; it starts as `requested`. The card reader may be reported now or later.
 */
export const RegisterDeviceRequest = z
  .strictObject({
    deviceId: Identifier,
    ...OperatorFields,
    siteId: Identifier,
    kind: DeviceKind,
    requestedBy: z.string().min(1).max(64),
    cardReader: CardReader.optional(),
    portalRegistrationReference: PortalRegistrationReference.optional(),
  })
  .refine(exactlyOneOperator, EXACTLY_ONE_OPERATOR);
export type RegisterDeviceRequest = z.infer<typeof RegisterDeviceRequest>;

/** POST /devices/:deviceId/activate */
export const ActivateDeviceRequest = z.strictObject({ activatedBy: z.string().min(1).max(64) });
export type ActivateDeviceRequest = z.infer<typeof ActivateDeviceRequest>;

/** PUT /devices/:deviceId/card-reader — the reader was swapped (or reported for the first time). */
export const ChangeCardReaderRequest = z.strictObject({
  cardReader: CardReader,
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300).optional(),
});
export type ChangeCardReaderRequest = z.infer<typeof ChangeCardReaderRequest>;
