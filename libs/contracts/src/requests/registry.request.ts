import { z } from 'zod';
import { InstitutionListing } from '../institution-listing';
import { Identifier, InstitutionNumberInput, InsurerNumberInput, IsoDate } from '../common';

const Actor = z.string().min(1).max(64);
const Reason = z.string().min(1).max(300);

/**
 * What the registry-wide list of implementing institutions shows besides number and name, for
 * institutions and insurers alike (the fields of InstitutionListing; all optional, so earlier
 * requests stay valid).
 */
export const InstitutionListingFields = {
  postalCode: InstitutionListing.shape.postalCode,
  address: InstitutionListing.shape.address,
  phone: InstitutionListing.shape.phone,
  checkupKinds: InstitutionListing.shape.checkupKinds,
};

/** POST /institutions — a checkup/guidance institution with its 健診・保健指導機関番号. */
export const RegisterInstitutionRequest = z.strictObject({
  institutionNumber: InstitutionNumberInput,
  name: z.string().min(1).max(100),
  registeredBy: Actor,
  /** Also the days and hours, and whether it has a 既存型 資格確認端末 (the 実施機関一覧表 per 集合契約). */
  ...InstitutionListing.shape,
});
export type RegisterInstitutionRequest = z.infer<typeof RegisterInstitutionRequest>;

/**
 * オンライン資格確認用コード as 支払基金 assigned it to the insurer (the platform records it, never issues
 * one). Its format is not public: the request takes up to 40 characters and the registry folds
 * full-width characters and checks it loosely (1–20 letters or digits) with a typed error.
 */
export const OnlineEligibilityCode = z.string().min(1).max(40);

const Phone = z.string().regex(/^[0-9][0-9-]{8,15}$/, 'a phone number of digits and hyphens');

/** 担当者: the insurer's contact person for the notice (kept in the registry, never put on the bus). */
export const NoticeContact = z.strictObject({ name: z.string().min(1).max(60), phone: Phone });

/** 実施施設: one facility where the insurer runs checkups itself. */
export const ImplementingFacility = z.strictObject({
  name: z.string().min(1).max(100),
  address: z.string().min(1).max(200).optional(),
});

/** The fields of one introduction notice (導入届, 別添1), as filed by the insurer or by its 保険者団体. */
export const IntroductionNotice = z.strictObject({
  insurerNumber: InsurerNumberInput,
  insurerName: z.string().min(1).max(100),
  onlineEligibilityCode: OnlineEligibilityCode,
  /** 実施施設 */
  facilities: z.array(ImplementingFacility).min(1).max(50),
  /** 担当者 */
  contact: NoticeContact,
  /** 導入予定日 */
  plannedStartDate: IsoDate,
  ...InstitutionListingFields,
});
export type IntroductionNotice = z.infer<typeof IntroductionNotice>;

/** POST /insurer-notices/introduction — an insurer that runs checkups itself files 導入届 with the code 支払基金 assigned. */
export const IntroductionNoticeRequest = IntroductionNotice.extend({ filedBy: Actor });
export type IntroductionNoticeRequest = z.infer<typeof IntroductionNoticeRequest>;

/**
 * POST /insurer-notices/introductions — a 保険者団体 files the notices of its member insurers at once:
 * each notice is decided on its own (one result per insurer), never all-or-nothing.
 */
export const BulkIntroductionNoticeRequest = z.strictObject({
  filedBy: Actor,
  /** The 保険者団体 filing for its members. */
  association: z.strictObject({ name: z.string().min(1).max(100) }),
  notices: z.array(IntroductionNotice).min(1).max(200),
});
export type BulkIntroductionNoticeRequest = z.infer<typeof BulkIntroductionNoticeRequest>;

/**
 * POST /insurer-notices/withdrawal — 廃止届 (別添2): ends the code from `effectiveDate` (a date in Japan
 * time); the insurer's devices are suspended from that date on.
 */
export const WithdrawalNoticeRequest = z.strictObject({
  onlineEligibilityCode: OnlineEligibilityCode,
  effectiveDate: IsoDate,
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

/**
 * Who runs a site or a device: a checkup institution (its 健診・保健指導機関番号) or an insurer running
 * checkups itself (its オンライン資格確認用コード) — exactly one of the two, never the code as a number.
 */
export const OperatorFields = {
  institutionNumber: InstitutionNumberInput.optional(),
  onlineEligibilityCode: OnlineEligibilityCode.optional(),
};
export const exactlyOneOperator = (v: { institutionNumber?: string; onlineEligibilityCode?: string }) =>
  (v.institutionNumber === undefined) !== (v.onlineEligibilityCode === undefined);
export const EXACTLY_ONE_OPERATOR = {
  message: 'give either institutionNumber (an institution) or onlineEligibilityCode (an insurer running checkups itself), not both',
  path: ['institutionNumber'],
};

/** POST /sites — a fixed facility, or a bus with its plate and itinerary of stops. */
export const RegisterSiteRequest = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('facility'),
      siteId: Identifier,
      ...OperatorFields,
      name: z.string().min(1).max(100),
    }),
    z.strictObject({
      kind: z.literal('bus'),
      siteId: Identifier,
      ...OperatorFields,
      name: z.string().min(1).max(100),
      plate: z.string().min(1).max(40),
      itinerary: z.array(ItineraryStop).max(50).default([]),
    }),
  ])
  .refine(exactlyOneOperator, EXACTLY_ONE_OPERATOR);
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
/** GET /devices — the devices of an institution (or an insurer's code) and/or a site (a site manager must name one of theirs). */
export const ListDevicesQuery = z.strictObject({
  institutionNumber: InstitutionNumberInput.optional(),
  onlineEligibilityCode: OnlineEligibilityCode.optional(),
  siteId: Identifier.optional(),
});
export type ListDevicesQuery = z.infer<typeof ListDevicesQuery>;
