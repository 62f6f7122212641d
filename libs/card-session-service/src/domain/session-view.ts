import type { SessionResponse } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { voucherSummary } from './presented-voucher';
import type { Session } from './session.decide';

/**
 * What a device sees of its session: state, method, the voucher (without 記号・番号) and outcome — never
 * the card reference or transcribed data.
 */
export function sessionView(session: Session): SessionResponse {
  return {
    sessionId: session.sessionId,
    deviceId: session.deviceId,
    siteId: session.siteId,
    purpose: session.purpose,
    checkupDate: session.checkupDate,
    state: session.state,
    correlationId: session.correlationId,
    pinFailures: session.pinFailures,
    ...(session.state === 'card-locked'
      ? { alternativeMethods: ['mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate'] }
      : {}),
    ...(session.method ? { method: session.method } : {}),
    ...(session.identityCheck ? { identityCheck: session.identityCheck } : {}),
    ...(session.voucher ? { voucher: voucherSummary(session.voucher) } : {}),
    // A session stored before the voucher carried its printed fields: the number alone.
    ...(!session.voucher && session.voucherNumber ? { voucherNumber: session.voucherNumber } : {}),
    ...(session.outcome ? { outcome: session.outcome } : {}),
    ...(session.cancellation ? { cancellation: session.cancellation } : {}),
    openedAt: session.openedAt,
    ...(session.capturedAt ? { capturedAt: session.capturedAt } : {}),
    ...(session.completedAt ? { completedAt: session.completedAt } : {}),
  };
}

export type SessionView = SessionResponse;

/** The refusal of a session id that is not a UUID (the routes' `:sessionId`). */
export function invalidSessionId(): DomainError {
  return new DomainError('invalid-session-id', 'A session id is a UUID.', 400, 'sessionId');
}

/** A device may only act for itself: the device named in a request is the device that signed it. */
export function requireOwnDevice(signingDeviceId: string, deviceId: string): void {
  if (signingDeviceId !== deviceId)
    throw new DomainError(
      'device-mismatch',
      'A device may only act for itself (deviceId differs from the signing device).',
      403,
      'deviceId',
    );
}
