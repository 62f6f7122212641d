import { z } from 'zod';
import { Identifier } from '../common';
import { NationalSystemTestConfirmation } from '../tour-readiness';

/**
 * POST /tours/:busId/:tourDate/readiness-checks — a device of the bus reports what it found before the
 * tour: its own clock, its card reader, the national-system test confirmation and the stops it loaded.
 * The registry decides each check (its clock tolerance, the device's state, the day's itinerary).
 */
export const ReadinessCheckRequest = z.strictObject({
  /** The device's clock when it sent the report (with its offset); compared with the registry's clock. */
  deviceClockAt: z.iso.datetime({ offset: true }),
  reader: z.strictObject({
    present: z.boolean(),
    model: z.string().min(1).max(64).optional(),
    serial: z.string().min(1).max(64).optional(),
  }),
  nationalSystem: z.strictObject({
    testConfirmation: NationalSystemTestConfirmation,
    /** When the test confirmation was made on the device. */
    at: z.iso.datetime({ offset: true }).optional(),
  }),
  /** The stop ids of the day the device has loaded. */
  stopsLoaded: z.array(Identifier).max(50),
});
export type ReadinessCheckRequest = z.infer<typeof ReadinessCheckRequest>;

/** The path of every tour route: a bus (its site id) and a tour day. */
export const TourPath = z.strictObject({ busId: Identifier, tourDate: z.iso.date() });
export type TourPath = z.infer<typeof TourPath>;
