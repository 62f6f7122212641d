import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { CardProblem, DeskNextStep } from '../session-steps';

/**
 * The device reported a problem of the card instead of a read (利用登録なし, certificate expired or
 * revoked, unreadable) and the desk's next steps. The session stays open for them. Key: session id.
 */
export const SessionCardProblemV1 = defineEvent({
  type: 'session.card-problem',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      problem: CardProblem,
      nextSteps: z.array(DeskNextStep).min(1),
      stopId: Identifier,
      reportedAt: z.iso.datetime({ offset: true }),
    }),
});
