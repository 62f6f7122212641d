import { z } from 'zod';
import { Identifier, IdentityCheck, InsurerNumberInput } from '../common';
import { PresentedVoucher } from '../voucher';
import { AlternativeMethod, TranscribedEligibility } from '../events/eligibility-method';

/**
 * POST /sessions — a device opens a verification session. `purpose` is a free string here so that a
 * request for identity verification (本人確認) can be refused with its own explanation rather than a
 * generic enum error; the handler narrows it to CheckPurpose.
 */
export const OpenSessionRequest = z.strictObject({
  deviceId: Identifier,
  purpose: z.string().min(1).max(40),
  checkupDate: z.iso.date().optional(),
});
export type OpenSessionRequest = z.infer<typeof OpenSessionRequest>;

/** POST /sessions/:id/card-read — the reader read the My Number card; the holder was confirmed. */
export const CardReadRequest = z.strictObject({
  identityCheck: IdentityCheck,
  /** PIN checks happen on the card; the device reports whether it succeeded. */
  pinVerified: z.boolean().optional(),
  cardReference: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a card reference is 8–64 letters, digits or -'),
});
export type CardReadRequest = z.infer<typeof CardReadRequest>;

/** POST /sessions/:id/voucher — the voucher the visitor showed, as printed. */
export const PresentVoucherRequest = PresentedVoucher;
export type PresentVoucherRequest = z.infer<typeof PresentVoucherRequest>;

/** POST /sessions/:id/cancel — the operator cancels the session. */
export const CancelSessionRequest = z.strictObject({ by: z.string().min(1).max(64), reason: z.string().min(1).max(300) });
export type CancelSessionRequest = z.infer<typeof CancelSessionRequest>;

/** POST /sessions/:id/alternative — eligibility shown another way, transcribed by the operator. */
export const AlternativeMethodRequest = z.strictObject({
  method: AlternativeMethod,
  /** As typed at the desk: the insurer number is normalised (InsurerNumberInput) before the event carries it. */
  eligibility: TranscribedEligibility.extend({ insurerNumber: InsurerNumberInput }),
});
export type AlternativeMethodRequest = z.infer<typeof AlternativeMethodRequest>;

/**
 * POST /sessions/captured — a bus device submits a whole session it captured while offline (or
 * resends it). The idempotency key makes a resend return the same session.
 */
export const CapturedSessionRequest = z
  .strictObject({
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/),
    deviceId: Identifier,
    purpose: z.string().min(1).max(40),
    checkupDate: z.iso.date().optional(),
    capturedAt: z.iso.datetime({ offset: true }),
    card: CardReadRequest.optional(),
    alternative: AlternativeMethodRequest.optional(),
    voucher: PresentedVoucher,
  })
  .refine((r) => (r.card === undefined) !== (r.alternative === undefined), {
    message: 'give exactly one of card or alternative',
    path: ['card'],
  });
export type CapturedSessionRequest = z.infer<typeof CapturedSessionRequest>;
