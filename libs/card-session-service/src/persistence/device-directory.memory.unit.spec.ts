import { deviceDirectoryContract } from './device-directory.contract';
import { InMemoryDeviceDirectory } from './device-directory.memory';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in device-directory.mongo.int.spec.ts.
describe('the device directory in memory', () => {
  deviceDirectoryContract(async () => ({ directory: new InMemoryDeviceDirectory() }));
});
