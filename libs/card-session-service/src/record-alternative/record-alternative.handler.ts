import type { AlternativeMethodRequest } from '@hcv/contracts';
import { recordAlternative, type Session } from '../sessions/session';
import type { SessionSteps } from '../sessions/session-steps';

/**
 * Eligibility shown by an alternative method, transcribed by the operator. It skips the online
 * lookup; session.method-recorded and qualification.transcribed leave once the voucher is known.
 */
export class RecordAlternativeHandler {
  constructor(private readonly steps: SessionSteps) {}

  execute(sessionId: string, command: AlternativeMethodRequest, deviceId?: string): Promise<Session> {
    return this.steps.apply(sessionId, (session) => recordAlternative(session, command), () => [], deviceId);
  }
}
