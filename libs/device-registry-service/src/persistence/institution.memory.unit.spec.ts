import { institutionRepositoryContract } from './institution.contract';
import { InMemoryInstitutionRepository } from './institution.memory';

describe('institution repository in memory', () => {
  institutionRepositoryContract(async () => ({ repo: new InMemoryInstitutionRepository() }));
});
