import { z } from 'zod';

/**
 * The pre-tour readiness check of a checkup bus (巡回健診の出発前点検): what each of its devices is
 * checked for before the tour day starts. 資格確認限定型 works online only, so a bus finds out before
 * it leaves whether each device can confirm eligibility at the stops.
 * - `device-active`: the device is registered at this bus and active;
 * - `clock`: the device's clock is within the registry's tolerance (signed requests and JPKI need it);
 * - `reader`: a card reader is reported present (and is the one the registry recorded, when it has one);
 * - `national-system`: the national app (限定型) or the 資格確認端末 (既存型) answered a test confirmation;
 * - `stops`: the day's stops of the route are loaded on the device.
 */
export const ReadinessCheckName = z.enum(['device-active', 'clock', 'reader', 'national-system', 'stops']);
export type ReadinessCheckName = z.infer<typeof ReadinessCheckName>;

export const ReadinessCheckState = z.enum(['green', 'red']);
export type ReadinessCheckState = z.infer<typeof ReadinessCheckState>;

/** One check of one device: green, or red with the reason staff read (never personal data). */
export const ReadinessCheck = z.strictObject({
  check: ReadinessCheckName,
  state: ReadinessCheckState,
  reason: z.string().min(1).max(300).optional(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheck>;

/** In a bus's report, a device of the bus that has not checked for the day shows `not-checked`, red. */
export const ReportedReadinessCheck = ReadinessCheck.extend({ check: z.enum([...ReadinessCheckName.options, 'not-checked']) });
export type ReportedReadinessCheck = z.infer<typeof ReportedReadinessCheck>;

/** What the device says of its national-system test confirmation (テスト確認) before the tour. */
export const NationalSystemTestConfirmation = z.enum(['ok', 'failed', 'not-run']);
export type NationalSystemTestConfirmation = z.infer<typeof NationalSystemTestConfirmation>;
