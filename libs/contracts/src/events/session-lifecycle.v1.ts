import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber, InsurerNumber, IsoDate, VoucherNumber } from '../common';

/** The operator cancelled the session. Key: session id. */
export const SessionCancelledV1 = defineEvent({
  type: 'session.cancelled',
  version: 1,
  data: z.object({ sessionId: z.uuid(), by: z.string().min(1).max(64), reason: z.string().min(1).max(300), at: z.iso.datetime({ offset: true }) }),
});

/** The session was abandoned: nothing happened for longer than the timeout. Key: session id. */
export const SessionExpiredV1 = defineEvent({
  type: 'session.expired',
  version: 1,
  data: z.object({ sessionId: z.uuid(), lastState: z.string().max(40), idleSeconds: z.number().int().nonnegative(), at: z.iso.datetime({ offset: true }) }),
});

/**
 * How eligibility was shown (recorded as such): the My Number card read online, or an alternative —
 * Mynaportal eligibility screen (マイナポータル資格情報画面), マイナ保険証 with the eligibility notice
 * (資格情報のお知らせ), or the eligibility certificate (資格確認書).
 */
export const EligibilityMethod = z.enum(['mynumber-card', 'mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate']);
export type EligibilityMethod = z.infer<typeof EligibilityMethod>;
export const AlternativeMethod = EligibilityMethod.exclude(['mynumber-card']);

export const SessionMethodRecordedV1 = defineEvent({
  type: 'session.method-recorded',
  version: 1,
  data: z.object({ sessionId: z.uuid(), method: EligibilityMethod, capturedAt: z.iso.datetime({ offset: true }) }),
});

/** What the operator transcribed from an alternative method. Personal data: masked in APIs, never logged. */
export const TranscribedEligibility = z.strictObject({
  insurerNumber: InsurerNumber,
  symbol: z.string().max(38),
  number: z.string().min(1).max(19),
  branch: z.string().regex(/^\d{2}$/).optional(),
  name: z.string().min(1).max(100),
  birthDate: IsoDate,
  /** The eligibility certificate (資格確認書) has its own expiry. */
  validUntil: IsoDate.optional(),
});
export type TranscribedEligibility = z.infer<typeof TranscribedEligibility>;

/**
 * Eligibility shown by an alternative method: no online lookup, but voucher matching still decides.
 * Consumed by voucher-matching beside qualification.resolved. Key: session id.
 */
export const QualificationTranscribedV1 = defineEvent({
  type: 'qualification.transcribed',
  version: 1,
  data: z.object({
    request: z.object({
      sessionId: z.uuid(),
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      purpose: CheckPurpose,
      checkupDate: IsoDate,
      voucherNumber: VoucherNumber,
    }),
    method: AlternativeMethod,
    eligibility: TranscribedEligibility,
    transcribedAt: z.iso.datetime({ offset: true }),
  }),
});
