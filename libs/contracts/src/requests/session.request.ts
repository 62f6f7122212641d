import { z } from 'zod';
import { Identifier, InsurerNumberInput } from '../common';
import { PresentedVoucher } from '../voucher';
import { AlternativeMethodV2, TranscribedEligibility } from '../events/eligibility-method';
import { ReportedEligibility } from '../reported-eligibility';
import { CardProblem, IdentityCheckV2, StaffReference } from '../session-steps';
import { TerminalQuery } from '../terminal-query';

/**
 * POST /sessions — a device opens a verification session. `purpose` is a free string here so that a
 * request for identity verification (本人確認) can be refused with its own explanation rather than a
 * generic enum error; the handler narrows it to CheckPurpose.
 */
/** A client's key for one request it may send again (a lost answer): the same key, the same result. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/);

export const OpenSessionRequest = z.strictObject({
  /**
   * The device's key for this open: a retried open with the same key (its answer was lost, or it
   * answered 503) returns the session the first one opened instead of opening a second.
   */
  idempotencyKey: IdempotencyKey.optional(),
  deviceId: Identifier,
  purpose: z.string().min(1).max(80),
  checkupDate: z.iso.date().optional(),
  /** The stop (会場/事業所) the visit happens at; a fixed site is its own stop (its siteId) when absent. */
  stopId: Identifier.optional(),
  /** This online visit confirms an earlier one a bus crew captured offline (that session's id). */
  linkedSessionId: z.uuid().optional(),
  /** 人間ドック only: no 受診券 — the eligibility check confirms the insurer without a voucher. */
  withoutVoucher: z.boolean().optional(),
});
export type OpenSessionRequest = z.infer<typeof OpenSessionRequest>;

/**
 * What the device's マイナ資格確認アプリ showed, as the device sends it: the insurer number is read as
 * written (InsurerNumberInput: spaces, full-width digits, "00" + 6 digits) and normalised, then the
 * whole is checked as ReportedEligibility (資格有効性 1–3 need the qualification's fields).
 */
export const ReportedEligibilityInput = z
  .strictObject({ ...ReportedEligibility.shape, insurerNumber: InsurerNumberInput.optional() })
  .pipe(ReportedEligibility);
export type ReportedEligibilityInput = z.infer<typeof ReportedEligibilityInput>;

/**
 * 既存型: what the desk typed from the insurance card or 資格確認書 for the site's 資格確認端末 (保険者番号,
 * 記号・番号・枝番, 生年月日), as the device sends it: the insurer number is read as written and normalised,
 * then the whole is checked as TerminalQuery. Personal data: carried to the lookup, never kept after it.
 */
export const TerminalQueryInput = z
  .strictObject({ ...TerminalQuery.shape, insurerNumber: InsurerNumberInput.optional() })
  .pipe(TerminalQuery);
export type TerminalQueryInput = z.infer<typeof TerminalQueryInput>;

/**
 * POST /sessions/:id/card-read — the card was read and the holder confirmed (PIN through JPKI,
 * 目視確認 by a named staff member, or 顔認証 at a 既存型 reader); or a PIN attempt failed.
 * A confirmed read gives exactly one of `reported` (資格確認限定型, the default: what the national app
 * showed) or `cardReference` (the simulator and the 既存型 bridge, which answer from the card's
 * reference). A failed PIN gives no `reported` (the app shows nothing); its `cardReference`, when the
 * reader has one, tells a second card from the first. A 既存型 site adds `terminalQuery` to its
 * `cardReference`: what its 資格確認端末 needs to answer (INTERFACES.md §1).
 */
export const CardReadRequest = z
  .strictObject({
    identityCheck: IdentityCheckV2,
    /** PIN checks happen on the card (JPKI); the device reports whether it succeeded. */
    pinVerified: z.boolean().optional(),
    /** The staff member who did the 目視確認 (required for `visual`). */
    checkedBy: StaffReference.optional(),
    cardReference: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, 'a card reference is 8–64 letters, digits or -')
      .optional(),
    reported: ReportedEligibilityInput.optional(),
    /**
     * 既存型 sites: the query the site's 資格確認端末 needs besides the card reference (生年月日 always; 保険者番号
     * and 記号・番号 when the voucher does not print them, or for a 人間ドック without one). Only with `cardReference`.
     */
    terminalQuery: TerminalQueryInput.optional(),
  })
  .refine((r) => r.terminalQuery === undefined || r.cardReference !== undefined, {
    message: 'terminalQuery goes with a cardReference (a 既存型 terminal answers for the card read at its reader)',
    path: ['terminalQuery'],
  })
  .refine((r) => r.identityCheck !== 'visual' || r.checkedBy !== undefined, {
    message: 'a 目視確認 names the staff member who did it (checkedBy)',
    path: ['checkedBy'],
  })
  .refine((r) => !(r.identityCheck === 'pin' && r.pinVerified !== true) || r.reported === undefined, {
    message: 'a failed PIN shows no qualification: send reported only with a verified PIN',
    path: ['reported'],
  })
  .refine((r) => (r.identityCheck === 'pin' && r.pinVerified !== true) || (r.cardReference === undefined) !== (r.reported === undefined), {
    message: 'a confirmed read gives exactly one of reported (what the national app showed) or cardReference',
    path: ['reported'],
  });
export type CardReadRequest = z.infer<typeof CardReadRequest>;

/** POST /sessions/:id/card-problem — the device reports a problem of the card instead of a read. */
export const CardProblemRequest = z.strictObject({ problem: CardProblem });
export type CardProblemRequest = z.infer<typeof CardProblemRequest>;

/**
 * POST /sessions/:id/identity-verified — 人間ドック: staff verified the visitor's identity with the My
 * Number card itself (its face photo); online eligibility never does.
 */
export const IdentityVerifiedRequest = z.strictObject({ checkedBy: StaffReference });
export type IdentityVerifiedRequest = z.infer<typeof IdentityVerifiedRequest>;

/**
 * POST /sessions/:id/settlement-request — the device asks the federation's desk to settle its
 * member-mismatch or needs-manual-check (精算依頼): one tap, the staff member's name optional.
 */
export const SettlementRequestRequest = z.strictObject({ requestedBy: StaffReference.optional() });
export type SettlementRequestRequest = z.infer<typeof SettlementRequestRequest>;

/** POST /sessions/:id/voucher — the voucher the visitor showed, as printed. */
export const PresentVoucherRequest = PresentedVoucher;
export type PresentVoucherRequest = z.infer<typeof PresentVoucherRequest>;

/** POST /sessions/:id/cancel — the operator cancels the session. */
export const CancelSessionRequest = z.strictObject({ by: z.string().min(1).max(64), reason: z.string().min(1).max(300) });
export type CancelSessionRequest = z.infer<typeof CancelSessionRequest>;

/** POST /sessions/:id/alternative — eligibility shown another way, transcribed by the operator. */
export const AlternativeMethodRequest = z.strictObject({
  method: AlternativeMethodV2,
  /** As typed at the desk: the insurer number is normalised (InsurerNumberInput) before the event carries it. */
  eligibility: TranscribedEligibility.extend({ insurerNumber: InsurerNumberInput }),
});
export type AlternativeMethodRequest = z.infer<typeof AlternativeMethodRequest>;

/**
 * POST /sessions/captured — a bus device submits a visit it recorded while offline (or resends it).
 * 資格確認限定型 is online only (the PIN is checked through JPKI at reading time), so a capture carries
 * an alternative document or the paper route (`alternative`), never a card read: a `card` is refused
 * with `card-read-needs-online`. The idempotency key makes a resend return the same session.
 */
export const CapturedSessionRequest = z.strictObject({
  idempotencyKey: IdempotencyKey,
  deviceId: Identifier,
  purpose: z.string().min(1).max(80),
  checkupDate: z.iso.date().optional(),
  capturedAt: z.iso.datetime({ offset: true }),
  stopId: Identifier.optional(),
  /** Accepted only to be refused with its own reason (a card cannot be read offline). */
  card: z.unknown().optional(),
  alternative: AlternativeMethodRequest.optional(),
  /** Absent only for a 人間ドック without a 受診券 (`withoutVoucher`). */
  voucher: PresentedVoucher.optional(),
  withoutVoucher: z.boolean().optional(),
});
export type CapturedSessionRequest = z.infer<typeof CapturedSessionRequest>;
