import { z } from 'zod';
import {
  CheckPurpose,
  Identifier,
  InstitutionNumber,
  InstitutionNumberInput,
  InstitutionOrCodeInput,
  InsurerNumberInput,
  IsoDate,
} from '../common';

const Actor = z.string().min(1).max(64);
const Reason = z.string().min(1).max(300);

/**
 * What the list of implementing institutions (実施機関一覧表, the collective-contract annex) shows
 * besides number and name; all optional, so earlier requests stay valid. The prefecture is not asked
 * for: it is the first two digits of the institution number (or of the insurer number).
 */
export const InstitutionListingFields = {
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
};

/** POST /institutions — a checkup/guidance institution with its 健診・保健指導機関番号. */
export const RegisterInstitutionRequest = z.strictObject({
  institutionNumber: InstitutionNumberInput,
  name: z.string().min(1).max(100),
  registeredBy: Actor,
  ...InstitutionListingFields,
});
export type RegisterInstitutionRequest = z.infer<typeof RegisterInstitutionRequest>;

/** POST /insurer-notices/introduction — an insurer that runs checkups itself files 導入届; gets a code. */
export const IntroductionNoticeRequest = z.strictObject({
  insurerNumber: InsurerNumberInput,
  insurerName: z.string().min(1).max(100),
  filedBy: Actor,
  ...InstitutionListingFields,
});
export type IntroductionNoticeRequest = z.infer<typeof IntroductionNoticeRequest>;

/** POST /insurer-notices/withdrawal — 廃止届: ends the code and suspends all its devices. */
export const WithdrawalNoticeRequest = z.strictObject({
  onlineEligibilityCode: InstitutionNumber,
  filedBy: Actor,
  reason: Reason,
});
export type WithdrawalNoticeRequest = z.infer<typeof WithdrawalNoticeRequest>;

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** One stop of a checkup bus's daily itinerary. */
export const ItineraryStop = z.strictObject({
  stopId: Identifier,
  name: z.string().min(1).max(100),
  date: IsoDate,
  from: Time,
  to: Time,
});

/** POST /sites — a fixed facility, or a bus with its plate and itinerary of stops. */
export const RegisterSiteRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('facility'),
    siteId: Identifier,
    institutionNumber: InstitutionOrCodeInput,
    name: z.string().min(1).max(100),
  }),
  z.strictObject({
    kind: z.literal('bus'),
    siteId: Identifier,
    institutionNumber: InstitutionOrCodeInput,
    name: z.string().min(1).max(100),
    plate: z.string().min(1).max(40),
    itinerary: z.array(ItineraryStop).max(50).default([]),
  }),
]);
export type RegisterSiteRequest = z.infer<typeof RegisterSiteRequest>;

/** PUT /sites/:siteId/itinerary — the day's stops of a bus. */
export const SetItineraryRequest = z.strictObject({ itinerary: z.array(ItineraryStop).max(50) });

/** POST /devices/:id/suspend | /retire */
export const DeviceChangeRequest = z.strictObject({ by: Actor, reason: Reason });
export type DeviceChangeRequest = z.infer<typeof DeviceChangeRequest>;

/** POST /devices/:id/credential — rotate the device credential. */
export const RotateCredentialRequest = z.strictObject({ rotatedBy: Actor });

/** POST /devices/:id/heartbeat (device-authenticated) — a bus device says which stop it is at. */
export const HeartbeatRequest = z.strictObject({ stopId: Identifier.optional() });
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

/** GET /implementing-institutions — the 実施機関一覧表 as JSON or CSV (UTF-8, with a BOM for Excel unless bom=false). */
export const ImplementingInstitutionsQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  bom: z.enum(['true', 'false']).default('true'),
});
export type ImplementingInstitutionsQuery = z.infer<typeof ImplementingInstitutionsQuery>;
/** GET /devices — the devices of an institution and/or a site (a site manager must name one of theirs). */
export const ListDevicesQuery = z.strictObject({ institutionNumber: InstitutionOrCodeInput.optional(), siteId: Identifier.optional() });
export type ListDevicesQuery = z.infer<typeof ListDevicesQuery>;
