import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { deviceDirectoryContract } from './device-directory.contract';
import { MongoDeviceDirectory } from './device-directory.mongo';

describe('the device directory against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_card_session_devices');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (device-directory.memory.unit.spec.ts).
  deviceDirectoryContract(async () => ({ directory: new MongoDeviceDirectory(db.connection) }));
});
