import { z } from 'zod';
import { CheckPurpose } from './common';

/** A day of the week, for an institution's days of operation. */
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** One span of operation: these days, from … to (Japan time), e.g. mon–fri 09:00–17:00. */
export const OpeningHours = z
  .strictObject({ days: z.array(Weekday).min(1).max(7), from: Time, to: Time })
  .refine((h) => h.from < h.to, { message: 'to is not after from', path: ['to'] });
export type OpeningHours = z.infer<typeof OpeningHours>;

/**
 * What the list of implementing institutions (実施機関一覧表, the collective-contract annex) shows of an
 * institution besides its number and name; every field optional (absent = not recorded). The
 * prefecture is never asked for: it is the first two digits of the institution number.
 */
export const InstitutionListing = z.object({
  postalCode: z
    .string()
    .regex(/^\d{3}-?\d{4}$/, 'a postal code such as 100-0013')
    .optional(),
  address: z.string().min(1).max(200).optional(),
  phone: z
    .string()
    .regex(/^[0-9][0-9-]{8,15}$/, 'a phone number of digits and hyphens')
    .optional(),
  /** What the institution offers: 特定健診, 特定保健指導, 人間ドック. */
  checkupKinds: z.array(CheckPurpose).max(3).optional(),
  /** 実施日・実施時間: the days and hours of operation. */
  openingHours: z.array(OpeningHours).min(1).max(14).optional(),
  /** What the hours do not say (e.g. 祝日・年末年始は休み, 要予約). */
  openingNote: z.string().min(1).max(200).optional(),
  /**
   * The institution has a 既存型 資格確認端末 (オンライン資格確認 of an insured medical institution): it can
   * confirm a voucher holder's eligibility online without a 限定型 device.
   */
  existingTypeTerminal: z.boolean().optional(),
});
export type InstitutionListing = z.infer<typeof InstitutionListing>;
