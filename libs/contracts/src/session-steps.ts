import { z } from 'zod';

/**
 * How the card holder was confirmed: the card's PIN (checked through JPKI when read), a staff
 * member's 目視確認 (the face photo compared with the visitor; also after a PIN lock), or 顔認証 at
 * a 既存型 reader.
 */
export const IdentityCheckV2 = z.enum(['pin', 'visual', 'face']);
export type IdentityCheckV2 = z.infer<typeof IdentityCheckV2>;

/** The staff member who did a check (staff id or name, as the desk identifies itself). */
export const StaffReference = z.string().min(1).max(64);
export type StaffReference = z.infer<typeof StaffReference>;

/**
 * A problem of the card itself, reported by the device instead of a read: 利用登録 (health-insurance
 * use registration) missing, the electronic certificate expired or revoked, the card unreadable.
 */
export const CardProblem = z.enum(['not-registered', 'certificate-expired', 'certificate-revoked', 'unreadable']);
export type CardProblem = z.infer<typeof CardProblem>;

/**
 * What the desk does next after a card problem: show an alternative document (マイナポータル, お知らせ,
 * 資格確認書, paper 被保険者証 while valid), send the visitor to the municipality to renew the card's
 * certificate, or read the card again.
 */
export const DeskNextStep = z.enum(['present-alternative-document', 'renew-card-at-municipality', 're-read-card']);
export type DeskNextStep = z.infer<typeof DeskNextStep>;
