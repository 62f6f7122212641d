import { activationCodeRepositoryContract } from './activation-code.contract';
import { InMemoryActivationCodeRepository } from './activation-code.memory';

describe('activation code repository in memory', () => {
  activationCodeRepositoryContract(async () => ({ repo: new InMemoryActivationCodeRepository() }));
});
