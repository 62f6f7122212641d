import { z } from 'zod';
import { InsurerNumber, IsoDate } from '../common';

/**
 * How eligibility was shown (recorded as such): the My Number card read online, or an alternative —
 * Mynaportal eligibility screen (マイナポータル資格情報画面), マイナ保険証 with the eligibility notice
 * (資格情報のお知らせ), or the eligibility certificate (資格確認書).
 */
export const EligibilityMethod = z.enum(['mynumber-card', 'mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate']);
export type EligibilityMethod = z.infer<typeof EligibilityMethod>;

export const AlternativeMethod = EligibilityMethod.exclude(['mynumber-card']);

/** What the operator transcribed from an alternative method. Personal data: masked in APIs, never logged. */
export const TranscribedEligibility = z.strictObject({
  insurerNumber: InsurerNumber,
  symbol: z.string().max(38),
  number: z.string().min(1).max(19),
  branch: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  name: z.string().min(1).max(100),
  birthDate: IsoDate,
  /** The eligibility certificate (資格確認書) has its own expiry. */
  validUntil: IsoDate.optional(),
});
export type TranscribedEligibility = z.infer<typeof TranscribedEligibility>;

/**
 * v2 of the methods: adds the paper 被保険者証 (`health-insurance-card`), accepted for checkup dates
 * up to its end of validity. Carried by the event versions that know it (qualification.transcribed
 * v3, session.method-recorded v2); the older versions keep the enum above.
 */
export const EligibilityMethodV2 = z.enum([...EligibilityMethod.options, 'health-insurance-card']);
export type EligibilityMethodV2 = z.infer<typeof EligibilityMethodV2>;

export const AlternativeMethodV2 = EligibilityMethodV2.exclude(['mynumber-card']);
export type AlternativeMethodV2 = z.infer<typeof AlternativeMethodV2>;
