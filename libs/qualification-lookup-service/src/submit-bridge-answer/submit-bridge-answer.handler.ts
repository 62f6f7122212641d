import type { BridgeAnswerReceipt, BridgeAnswerSubmission } from '@hcv/oqs-files';
import { DomainError } from '@hcv/domain';
import { resultOfTerminalAnswer } from '../domain/terminal-answer.decide';
import type { BridgeDeviceDirectory } from '../persistence/bridge-device.repository';
import type { BridgeRequestRepository } from '../persistence/bridge-request.repository';
import type { ResolveEligibilityHandler } from '../resolve-eligibility/resolve-eligibility.handler';
import { institutionOfDevice } from '../list-bridge-requests/list-bridge-requests.handler';

/**
 * `POST /bridge/answers`: the terminal's answer to one question, from its institution's bridge. The
 * first answer is kept and resolves the session (answered by `oqs-terminal`); the same submission
 * again — or any later one — gets the same receipt and changes nothing, also after the deadline
 * closed the request. A request of another institution is "not found", as an unknown one.
 */
export class SubmitBridgeAnswerHandler {
  constructor(
    private readonly devices: BridgeDeviceDirectory,
    private readonly bridge: BridgeRequestRepository,
    private readonly resolve: ResolveEligibilityHandler,
    private readonly clock: () => Date,
  ) {}

  async execute(deviceId: string, submission: BridgeAnswerSubmission): Promise<BridgeAnswerReceipt> {
    const institutionNumber = await institutionOfDevice(this.devices, deviceId);
    const { requestId } = submission;
    const stored = await this.bridge.get(requestId);
    if (!stored || stored.institutionNumber !== institutionNumber)
      throw new DomainError('bridge-request-not-found', `No waiting eligibility question ${requestId} for this institution.`, 404);
    if (stored.status === 'pending' && stored.request) {
      const result = resultOfTerminalAnswer(submission.answer, stored.request.checkupDate);
      const recorded = await this.bridge.answer(requestId, {
        result,
        answeredAt: submission.answeredAt,
        receivedAt: this.clock().toISOString(),
      });
      if (recorded) await this.resolve.answerFromBridge(recorded.request);
    } else if (stored.status === 'answered') {
      // Answered before but not yet closed (a crash in between): finish what the first submission began.
      await this.resolve.answerFromBridge(stored);
    }
    return { requestId };
  }
}
