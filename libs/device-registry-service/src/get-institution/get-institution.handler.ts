import { NotFoundError } from '@hcv/domain';
import type { Institution, InstitutionRepository } from '../persistence/institution.repository';

/** One institution (or insurer enrolment) by its number or code. */
export class GetInstitutionHandler {
  constructor(private readonly institutions: InstitutionRepository) {}

  async execute(institutionNumber: string): Promise<Institution> {
    const institution = await this.institutions.get(institutionNumber);
    if (!institution) throw new NotFoundError('institution', institutionNumber);
    return institution;
  }
}
