import type { RegisterInstitutionRequest } from '@hcv/contracts';
import { registerInstitution, type Institution } from '../domain/institution.decide';
import type { InstitutionStore } from '../persistence/institution.store';

/** An operator registers a checkup institution by its 健診・保健指導機関番号. */
export class RegisterInstitutionHandler {
  constructor(
    private readonly institutions: InstitutionStore,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterInstitutionRequest, correlationId: string): Promise<Institution> {
    const decision = registerInstitution(command, this.clock());
    await this.institutions.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
