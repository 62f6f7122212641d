import { createHash } from 'node:crypto';
import type { CapturedSessionRequest } from '@hcv/contracts';
import type { OpenSessionHandler } from '../open-session/open-session.handler';
import type { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import type { RecordAlternativeHandler } from '../record-alternative/record-alternative.handler';
import { presentedInsurerNumber } from '../domain/presented-voucher';
import type { Session } from '../domain/session.decide';
import { SessionExistsError, type SessionRepository } from '../persistence/session.repository';
import type { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';

/** The session id a captured session gets: derived from device + idempotency key, so a resend finds it. */
export function capturedSessionId(deviceId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${deviceId}\u0000${idempotencyKey}`).digest('hex');
  // Shaped as an RFC 4122 name-based UUID (version 5 bits, variant 10xx).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A bus device sends a session it captured while offline (captured-at ≠ received-at), perhaps
 * several times: the same idempotency key always returns the same session, never a second one.
 */
export class SubmitCapturedSessionHandler {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly open: OpenSessionHandler,
    private readonly cardRead: SubmitCardReadHandler,
    private readonly alternative: RecordAlternativeHandler,
    private readonly voucher: PresentVoucherHandler,
  ) {}

  async execute(command: CapturedSessionRequest, correlationId: string | undefined): Promise<{ session: Session; resent: boolean }> {
    const sessionId = capturedSessionId(command.deviceId, command.idempotencyKey);
    // Refused before anything is stored: a capture is taken whole or not at all.
    const voucher = { ...command.voucher, insurerNumber: presentedInsurerNumber(command.voucher.insurerNumber, 'voucher.insurerNumber') };
    const existing = await this.sessions.get(sessionId);
    if (existing) return { session: existing, resent: true };
    try {
      await this.open.execute(
        { deviceId: command.deviceId, purpose: command.purpose, ...(command.checkupDate ? { checkupDate: command.checkupDate } : {}) },
        correlationId,
        { sessionId, capturedAt: command.capturedAt, idempotencyKey: command.idempotencyKey },
      );
    } catch (error) {
      // Two copies of the same resend raced: the other one created it.
      if (error instanceof SessionExistsError) return { session: (await this.sessions.get(sessionId))!, resent: true };
      throw error;
    }
    if (command.card) await this.cardRead.execute(sessionId, command.card);
    if (command.alternative) await this.alternative.execute(sessionId, command.alternative);
    const session = await this.voucher.execute(sessionId, voucher);
    return { session, resent: false };
  }
}
