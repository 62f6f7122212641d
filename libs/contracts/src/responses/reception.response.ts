import { z } from 'zod';
import { Identifier, IsoDate } from '../common';

/** A stop of a bus's day (会場/事業所), times as HH:MM in Japan time. */
export const ReceptionStop = z.strictObject({
  stopId: Identifier,
  name: z.string(),
  from: z.string(),
  to: z.string(),
});

/**
 * GET /devices/self (card-session, device-signed) — what the reception app shows about the device
 * it runs on: its state, where it works and, for a bus, today's stops (today in Japan time).
 */
export const DeviceSelfResponse = z.strictObject({
  deviceId: Identifier,
  state: z.enum(['active', 'suspended', 'retired']),
  siteId: Identifier,
  siteName: z.string().optional(),
  kind: z.enum(['site', 'bus']),
  busId: Identifier.optional(),
  institutionNumber: z.string().min(1).optional(),
  today: z.strictObject({ tourDate: IsoDate, stops: z.array(ReceptionStop) }),
});
export type DeviceSelfResponse = z.infer<typeof DeviceSelfResponse>;

/** GET /reception/config.json — where the reception app finds the APIs it calls. */
export const ReceptionConfigResponse = z.strictObject({
  deviceRegistryUrl: z.string().min(1),
  cardSessionUrl: z.string().min(1),
  version: z.string().min(1),
});
export type ReceptionConfigResponse = z.infer<typeof ReceptionConfigResponse>;
