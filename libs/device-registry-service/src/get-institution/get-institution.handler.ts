import { NotFoundError } from '@hcv/domain';
import type { Institution, InstitutionRepository } from '../persistence/institution.repository';

/** One checkup institution by its number (insurers are read by their code: GET /insurers/:onlineEligibilityCode). */
export class GetInstitutionHandler {
  constructor(private readonly institutions: InstitutionRepository) {}

  async execute(institutionNumber: string): Promise<Institution> {
    const institution = await this.institutions.get(institutionNumber);
    if (!institution) throw new NotFoundError('institution', institutionNumber);
    return institution;
  }
}
