import { bridgeDeviceDirectoryContract } from './bridge-device.contract';
import { InMemoryBridgeDeviceDirectory } from './bridge-device.memory';

bridgeDeviceDirectoryContract('memory', async () => ({ repo: new InMemoryBridgeDeviceDirectory() }));
