import type {
  BulkIntroductionNoticeRequest,
  BulkIntroductionNoticeResponse,
  IntroductionNotice,
  IntroductionNoticeRequest,
} from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { introducedInsurerNumber, introduceInsurer, recordedCode, type InsurerEnrolment } from '../domain/insurer.decide';
import type { InsurerRepository } from '../persistence/insurer.repository';
import type { InsurerStore } from '../persistence/insurer.store';

type BulkResult = BulkIntroductionNoticeResponse['results'][number];

/**
 * 導入届: records an insurer that runs checkups itself under the オンライン資格確認用コード 支払基金 assigned
 * to it. A 保険者団体 may file for its members in bulk: each notice is decided and stored on its own.
 */
export class IntroduceInsurerHandler {
  constructor(
    private readonly store: InsurerStore,
    private readonly insurers: InsurerRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(command: IntroductionNoticeRequest, correlationId: string): Promise<InsurerEnrolment> {
    const { filedBy, ...notice } = command;
    return this.file(notice, { filedBy }, correlationId);
  }

  /**
   * One result per notice, in the order filed: accepted (with the code) or refused with the typed
   * reason a single notice would get. Not all-or-nothing: an accepted notice stays accepted whatever
   * happens to the others. An internal failure (not a refusal) is not turned into a result: it fails
   * the request, and the notices before it stay recorded (filing the batch again refuses those as
   * already enrolled).
   */
  async executeBulk(command: BulkIntroductionNoticeRequest, correlationId: string): Promise<BulkIntroductionNoticeResponse> {
    const results: BulkResult[] = [];
    for (const [index, notice] of command.notices.entries()) {
      try {
        const enrolment = await this.file(notice, { filedBy: command.filedBy, filedFor: command.association.name }, correlationId);
        results.push({
          index,
          insurerNumber: enrolment.insurerNumber,
          outcome: 'accepted',
          onlineEligibilityCode: enrolment.onlineEligibilityCode,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({
          index,
          insurerNumber: notice.insurerNumber,
          outcome: 'refused',
          error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
        });
      }
    }
    const accepted = results.filter((r) => r.outcome === 'accepted').length;
    return { accepted, refused: results.length - accepted, results };
  }

  private async file(notice: IntroductionNotice, by: { filedBy: string; filedFor?: string }, correlationId: string) {
    const insurerNumber = introducedInsurerNumber(notice);
    const code = recordedCode(notice.onlineEligibilityCode);
    const [currentEnrolment, codeHolder] = await Promise.all([this.insurers.activeEnrolment(insurerNumber), this.insurers.get(code)]);
    const decision = introduceInsurer({ ...notice, ...by }, { insurerNumber, code, currentEnrolment, codeHolder }, this.clock());
    await this.store.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
