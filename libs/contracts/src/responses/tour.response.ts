import { z } from 'zod';
import { Identifier, IsoDate } from '../common';
import { ReadinessCheck, ReportedReadinessCheck } from '../tour-readiness';
import { Timestamp } from './timestamps';

/** One stop of the day, as a device shows it (the day is the tour's). */
export const TourStop = z.strictObject({
  stopId: Identifier,
  name: z.string(),
  from: z.string(),
  to: z.string(),
});
export type TourStop = z.infer<typeof TourStop>;

/** GET /tours/:busId/:tourDate — the bus's itinerary for that day. */
export const TourResponse = z.strictObject({
  busId: Identifier,
  tourDate: IsoDate,
  stops: z.array(TourStop),
});
export type TourResponse = z.infer<typeof TourResponse>;

/** POST /tours/:busId/:tourDate/readiness-checks — the device's result. */
export const ReadinessCheckResponse = z.strictObject({
  deviceId: Identifier,
  checkedAt: Timestamp,
  checks: z.array(ReadinessCheck),
});
export type ReadinessCheckResponse = z.infer<typeof ReadinessCheckResponse>;

/**
 * GET /tours/:busId/:tourDate/readiness (and POST …/ready) — the bus's report for the day: every device
 * of the bus (not retired) with its latest checks, `not-checked` for one that has not checked.
 * `ready`: every check of every device is green now (the tour may be marked ready);
 * `markedReadyAt`/`markedReadyBy`: when and by whom (a device id or a staff member) it was marked.
 */
export const TourReadinessResponse = z.strictObject({
  busId: Identifier,
  tourDate: IsoDate,
  ready: z.boolean(),
  markedReadyAt: Timestamp.optional(),
  markedReadyBy: z.string().min(1).max(128).optional(),
  devices: z.array(
    z.strictObject({
      deviceId: Identifier,
      checkedAt: Timestamp.optional(),
      checks: z.array(ReportedReadinessCheck),
    }),
  ),
});
export type TourReadinessResponse = z.infer<typeof TourReadinessResponse>;
