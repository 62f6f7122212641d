export * from './identifiers';
export { aVoucher, aPresentedVoucher, aQualification } from './voucher.factory';
export { aSessionPlace, anOpenedSession, type SessionPlace } from './session.factory';
