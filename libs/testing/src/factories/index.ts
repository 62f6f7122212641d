export * from './identifiers';
export { aVoucher, aQualification } from './voucher.factory';
export { aSessionPlace, anOpenedSession, type SessionPlace } from './session.factory';
