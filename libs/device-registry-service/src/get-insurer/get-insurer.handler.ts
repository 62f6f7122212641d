import { NotFoundError } from '@hcv/domain';
import { insurerStatusAt, recordedCode, type InsurerEnrolment } from '../domain/insurer.decide';
import type { InsurerRepository } from '../persistence/insurer.repository';

/** One insurer running checkups itself, by the オンライン資格確認用コード recorded from its 導入届; status as of now. */
export class GetInsurerHandler {
  constructor(
    private readonly insurers: InsurerRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(code: string): Promise<InsurerEnrolment> {
    const insurer = await this.insurers.get(recordedCode(code));
    if (!insurer) throw new NotFoundError('online-eligibility-code', code);
    return { ...insurer, status: insurerStatusAt(insurer, this.clock()) };
  }
}
