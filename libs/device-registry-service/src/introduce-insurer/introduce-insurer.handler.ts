import type { IntroductionNoticeRequest } from '@hcv/contracts';
import { onlineEligibilityCode } from '@hcv/domain';
import { introducedInsurerNumber, introduceInsurer, refuseSecondEnrolment, type Institution } from '../domain/institution.decide';
import type { InstitutionStore } from '../persistence/institution.store';
import type { InstitutionRepository } from '../persistence/institution.repository';

/** 導入届: an insurer that runs checkups itself is issued an オンライン資格確認用コード. */
export class IntroduceInsurerHandler {
  constructor(
    private readonly store: InstitutionStore,
    private readonly institutions: InstitutionRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(command: IntroductionNoticeRequest, correlationId: string): Promise<Institution> {
    const insurerNumber = introducedInsurerNumber(command);
    refuseSecondEnrolment(insurerNumber, await this.institutions.activeEnrolment(insurerNumber));
    const code = onlineEligibilityCode(await this.institutions.nextCodeSerial());
    const decision = introduceInsurer(command, { insurerNumber, code }, this.clock());
    await this.store.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
