import type { SessionResponse } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { CARD_PROBLEM_STEPS } from './card-problem';
import { methodsValidOn, NOTICE_METHOD_VALIDITY, type MethodValidity } from './method-validity';
import { voucherSummary } from './presented-voucher';
import { stopOf, type Session } from './session.decide';

/**
 * What a device sees of its session: state, method, who checked and how, a card problem with the
 * desk's next steps, the voucher (without 記号・番号) and outcome — never the card reference, what the
 * national app showed, or transcribed data. While card-locked or after a card problem it offers the
 * alternative methods valid on the checkup date (`methodValidity`: the service's configuration).
 */
export function sessionView(session: Session, methodValidity: MethodValidity = NOTICE_METHOD_VALIDITY): SessionResponse {
  const offersAlternatives = session.state === 'card-locked' || (session.state === 'opened' && session.cardProblem !== undefined);
  return {
    sessionId: session.sessionId,
    deviceId: session.deviceId,
    siteId: session.siteId,
    stopId: stopOf(session),
    purpose: session.purpose,
    checkupDate: session.checkupDate,
    state: session.state,
    correlationId: session.correlationId,
    pinFailures: session.pinFailures,
    ...(offersAlternatives ? { alternativeMethods: methodsValidOn(session.checkupDate, methodValidity) } : {}),
    ...(session.state === 'card-locked' ? { identityChecks: ['visual' as const, 'face' as const] } : {}),
    ...(session.method ? { method: session.method } : {}),
    ...(session.identityCheck ? { identityCheck: session.identityCheck } : {}),
    ...(session.checkedBy ? { checkedBy: session.checkedBy } : {}),
    ...(session.cardProblem
      ? {
          cardProblem: {
            ...session.cardProblem,
            reason: CARD_PROBLEM_STEPS[session.cardProblem.problem].reason,
            reasonJa: CARD_PROBLEM_STEPS[session.cardProblem.problem].reasonJa,
          },
        }
      : {}),
    ...(session.identityVerification ? { identityVerification: session.identityVerification } : {}),
    ...(session.withoutVoucher ? { withoutVoucher: true } : {}),
    ...(session.linkedSessionId ? { linkedSessionId: session.linkedSessionId } : {}),
    ...(session.voucher ? { voucher: voucherSummary(session.voucher) } : {}),
    // A session stored before the voucher carried its printed fields: the number alone.
    ...(!session.voucher && session.voucherNumber ? { voucherNumber: session.voucherNumber } : {}),
    ...(session.outcome ? { outcome: session.outcome } : {}),
    ...(session.settlementRequest ? { settlementRequest: session.settlementRequest } : {}),
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
