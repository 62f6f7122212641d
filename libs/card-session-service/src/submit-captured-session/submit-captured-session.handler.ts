import type { CapturedSessionRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { OpenSessionHandler } from '../open-session/open-session.handler';
import type { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import type { RecordAlternativeHandler } from '../record-alternative/record-alternative.handler';
import { presentedInsurerNumber } from '../domain/presented-voucher';
import type { Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';
import { SessionExistsError } from '../persistence/session.repository';
import { capturedSessionId } from '../domain/session-id';

export { capturedSessionId } from '../domain/session-id';

/**
 * A bus device sends a visit it recorded while offline (captured-at ≠ received-at), perhaps several
 * times: the same idempotency key always returns the same session, never a second one. 資格確認限定型
 * is online only, so a capture holds an alternative document or the paper route, never a card read;
 * a later online check may link to it (`linkedSessionId` when opening).
 */
export class SubmitCapturedSessionHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly open: OpenSessionHandler,
    private readonly alternative: RecordAlternativeHandler,
    private readonly voucher: PresentVoucherHandler,
  ) {}

  async execute(command: CapturedSessionRequest, correlationId: string | undefined): Promise<{ session: Session; resent: boolean }> {
    const sessionId = capturedSessionId(command.deviceId, command.idempotencyKey);
    // Refused before anything is stored: a capture is taken whole or not at all.
    if (command.card !== undefined) {
      throw new DomainError(
        'card-read-needs-online',
        'A My Number card cannot be read offline: 資格確認限定型 is online only (the PIN is checked through JPKI when the card is read). Capture an alternative document or the paper route, and confirm online later. ' +
          'マイナンバーカードはオフラインでは読み取れません。代替書類または紙の保険証で記録し、後でオンラインで確認してください。',
        422,
        'card',
      );
    }
    if (command.alternative === undefined) {
      throw new DomainError(
        'invalid-request',
        'A captured visit records an alternative document or the paper route (alternative).',
        400,
        'alternative',
      );
    }
    if (command.voucher === undefined && command.withoutVoucher !== true) {
      throw new DomainError(
        'invalid-request',
        'A captured visit carries its voucher (or withoutVoucher for a 人間ドック).',
        400,
        'voucher',
      );
    }
    const voucher = command.voucher
      ? { ...command.voucher, insurerNumber: presentedInsurerNumber(command.voucher.insurerNumber, 'voucher.insurerNumber') }
      : undefined;
    const existing = await this.sessions.get(sessionId);
    if (existing) return { session: existing, resent: true };
    // Decided whole, then stored in one write with every event of the capture, in order: a step that
    // refuses (a method not valid on the date) leaves nothing stored.
    const opened = await this.open.decideCaptured(
      {
        deviceId: command.deviceId,
        purpose: command.purpose,
        ...(command.checkupDate ? { checkupDate: command.checkupDate } : {}),
        ...(command.stopId ? { stopId: command.stopId } : {}),
        ...(command.withoutVoucher ? { withoutVoucher: true } : {}),
      },
      correlationId,
      { sessionId, capturedAt: command.capturedAt, idempotencyKey: command.idempotencyKey },
    );
    // The voucher first: with it (or without, for an insurer-only 人間ドック) the alternative makes the session ready.
    const presented = voucher ? this.voucher.decide(opened.state, voucher) : opened;
    const recorded = this.alternative.decide(presented.state, command.alternative);
    const session = recorded.state;
    const events = [...opened.events, ...(voucher ? presented.events : []), ...recorded.events];
    try {
      await this.sessions.create({ state: session, events });
    } catch (error) {
      // Two copies of the same resend raced: the other one created it.
      if (error instanceof SessionExistsError) return { session: (await this.sessions.get(sessionId))!, resent: true };
      throw error;
    }
    return { session, resent: false };
  }
}
