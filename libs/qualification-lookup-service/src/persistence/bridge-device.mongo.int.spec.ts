import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { bridgeDeviceDirectoryContract } from './bridge-device.contract';
import { MongoBridgeDeviceDirectory } from './bridge-device.mongo';

describe('bridge devices against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_qualification_lookup_devices');
  });
  afterAll(async () => db.drop());

  bridgeDeviceDirectoryContract('MongoDB', async () => ({ repo: new MongoBridgeDeviceDirectory(db.connection) }));
});
