/** The events of one card verification, in the order the platform produces them; each is expected once in its audit trail. */
export const CARD_VERIFICATION_TRAIL = [
  'session.opened',
  'session.card-read',
  'session.voucher-presented',
  'eligibility.requested',
  'qualification.resolved',
  'verification.outcome',
  'session.completed',
] as const;
