import { deviceRepositoryContract } from './device.contract';
import { InMemoryDeviceRepository } from './device.memory';

describe('device repository in memory', () => {
  deviceRepositoryContract(async () => ({ repo: new InMemoryDeviceRepository() }));
});
