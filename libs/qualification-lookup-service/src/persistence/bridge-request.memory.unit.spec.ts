import { bridgeRequestRepositoryContract } from './bridge-request.contract';
import { InMemoryBridgeRequestRepository } from './bridge-request.memory';

bridgeRequestRepositoryContract('memory', async () => ({ repo: new InMemoryBridgeRequestRepository() }));
