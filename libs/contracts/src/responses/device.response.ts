import { z } from 'zod';
import { CheckPurpose, DeviceKind, Identifier, InsurerNumber, IsoDate } from '../common';
import { CardReader } from '../requests/register-device.request';
import { ImplementingFacility, ItineraryStop, NoticeContact } from '../requests/registry.request';
import { InstitutionListing } from '../institution-listing';
import { Timestamp } from './timestamps';

/** A checkup/guidance institution by its 健診・保健指導機関番号. */
export const InstitutionResponse = z.strictObject({
  institutionNumber: z.string().min(1),
  kind: z.enum(['checkup-institution', 'insurer']),
  name: z.string(),
  insurerNumber: InsurerNumber.optional(),
  status: z.enum(['active', 'withdrawn']),
  registeredAt: Timestamp,
  withdrawnAt: Timestamp.optional(),
  withdrawalReason: z.string().optional(),
  postalCode: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  checkupKinds: z.array(CheckPurpose).optional(),
  openingHours: InstitutionListing.shape.openingHours,
  openingNote: z.string().optional(),
  existingTypeTerminal: z.boolean().optional(),
});
export type InstitutionResponse = z.infer<typeof InstitutionResponse>;

/**
 * POST /institutions: the institution, and the doubts about its number that did not refuse it
 * (`check-digit-unconfirmed`: a 点数表番号 2 number whose check digit does not hold — whether the rule
 * applies to those is unconfirmed; check the number on the notice).
 */
export const RegisterInstitutionResponse = InstitutionResponse.extend({
  warnings: z.array(z.enum(['check-digit-unconfirmed'])).optional(),
});
export type RegisterInstitutionResponse = z.infer<typeof RegisterInstitutionResponse>;

/**
 * An insurer that runs checkups itself, by the オンライン資格確認用コード 支払基金 assigned (recorded from its
 * 導入届). `status` is as of now: a withdrawal filed for a later date leaves it `active` with `withdrawal` set.
 */
export const InsurerEnrolmentResponse = z.strictObject({
  onlineEligibilityCode: z.string().min(1),
  insurerNumber: InsurerNumber,
  name: z.string(),
  facilities: z.array(ImplementingFacility),
  contact: NoticeContact.optional(),
  plannedStartDate: IsoDate.optional(),
  filedFor: z.string().optional(),
  status: z.enum(['active', 'withdrawn']),
  registeredAt: Timestamp,
  withdrawal: z
    .strictObject({ effectiveDate: IsoDate, effectiveFrom: Timestamp, filedAt: Timestamp, filedBy: z.string(), reason: z.string() })
    .optional(),
  postalCode: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  checkupKinds: z.array(CheckPurpose).optional(),
});
export type InsurerEnrolmentResponse = z.infer<typeof InsurerEnrolmentResponse>;

/** POST /insurer-notices/introduction (導入届): the recorded code and the insurer's enrolment. */
export const IntroductionNoticeResponse = z.strictObject({ onlineEligibilityCode: z.string().min(1), insurer: InsurerEnrolmentResponse });

/** POST /insurer-notices/introductions: one result per notice, in the order filed (none depends on another's). */
export const BulkIntroductionNoticeResponse = z.strictObject({
  accepted: z.number().int().min(0),
  refused: z.number().int().min(0),
  results: z.array(
    z.discriminatedUnion('outcome', [
      z.strictObject({
        index: z.number().int().min(0),
        insurerNumber: z.string(),
        outcome: z.literal('accepted'),
        onlineEligibilityCode: z.string(),
      }),
      z.strictObject({
        index: z.number().int().min(0),
        insurerNumber: z.string(),
        outcome: z.literal('refused'),
        error: z.strictObject({ code: z.string(), message: z.string(), field: z.string().optional() }),
      }),
    ]),
  ),
});
export type BulkIntroductionNoticeResponse = z.infer<typeof BulkIntroductionNoticeResponse>;

/**
 * POST /insurer-notices/withdrawal (廃止届): the insurer and the devices suspended now (none when the
 * effective date is still ahead: they are suspended when it is reached).
 */
export const WithdrawalNoticeResponse = z.strictObject({
  insurer: InsurerEnrolmentResponse,
  effective: z.boolean(),
  suspendedDevices: z.array(Identifier),
});

/** One row of the 実施機関一覧表; the kinds are absent when the registry was not told. */
export const ImplementingInstitution = z.strictObject({
  /** 機関番号: a checkup institution's number; absent for an insurer (whose code is never shown as one). */
  institutionNumber: z.string().min(1).optional(),
  /** 保険者番号 of an insurer running checkups itself. */
  insurerNumber: InsurerNumber.optional(),
  name: z.string(),
  kind: z.enum(['checkup-institution', 'insurer']),
  prefectureCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  prefecture: z.string().optional(),
  postalCode: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  specificCheckup: z.boolean().optional(),
  specificGuidance: z.boolean().optional(),
  comprehensiveCheckup: z.boolean().optional(),
  activeDevices: z.number().int().min(0),
  /** Can it confirm voucher eligibility online (it has an active device)? */
  onlineEligibilityConfirmation: z.boolean(),
});
export type ImplementingInstitution = z.infer<typeof ImplementingInstitution>;

/** GET /implementing-institutions as JSON: the list with its CSV columns (key and Japanese heading). */
export const ImplementingInstitutionsResponse = z.strictObject({
  generatedAt: Timestamp,
  columns: z.array(z.strictObject({ key: z.string(), label: z.string() })),
  institutions: z.array(ImplementingInstitution),
});

/** A fixed facility, or a checkup bus with its plate and the day's stops. */
export const SiteResponse = z.strictObject({
  siteId: Identifier,
  institutionNumber: z.string().min(1).optional(),
  onlineEligibilityCode: z.string().min(1).optional(),
  kind: z.enum(['facility', 'bus']),
  name: z.string(),
  plate: z.string().optional(),
  itinerary: z.array(ItineraryStop),
  registeredAt: Timestamp,
});
export type SiteResponse = z.infer<typeof SiteResponse>;

export const DeviceState = z.enum(['requested', 'active', 'suspended', 'retired']);

/** A device as the API shows it: its credential's id and issue time, never its signing key; its card reader. */
export const DeviceResponse = z.strictObject({
  deviceId: Identifier,
  institutionNumber: z.string().min(1).optional(),
  onlineEligibilityCode: z.string().min(1).optional(),
  siteId: Identifier,
  kind: DeviceKind,
  /** The card reader last reported; `cardReaderReported: false` when none was. */
  cardReader: CardReader.optional(),
  cardReaderReported: z.boolean(),
  /** The national portal's registration reference (端末認証), when recorded. */
  portalRegistrationReference: z.string().optional(),
  state: DeviceState,
  history: z.array(z.strictObject({ to: DeviceState, by: z.string(), at: Timestamp, reason: z.string().optional() })),
  credential: z.strictObject({ credentialId: z.string(), issuedAt: Timestamp }).optional(),
  lastSeenAt: Timestamp.optional(),
  online: z.boolean().optional(),
  currentStopId: z.string().optional(),
});
export type DeviceResponse = z.infer<typeof DeviceResponse>;

/** A device credential as issued: the secret is in this answer only, never stored nor shown again. */
export const IssuedCredential = z.strictObject({ credentialId: z.string(), secret: z.string().min(1), issuedAt: Timestamp });

/** POST /devices/:deviceId/activate: the device, with `issuedCredential` the first time only. */
export const ActivatedDeviceResponse = DeviceResponse.extend({ issuedCredential: IssuedCredential.optional() });

/** POST /devices/:deviceId/credential: the new credential. */
export const RotatedCredentialResponse = z.strictObject({ issuedCredential: IssuedCredential });

/** POST /devices/:deviceId/heartbeat: acknowledged, with the stop a bus reported. */
export const HeartbeatResponse = z.strictObject({ online: z.literal(true), stopId: z.string().optional() });
