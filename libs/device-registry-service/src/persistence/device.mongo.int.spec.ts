import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { deviceRepositoryContract } from './device.contract';
import { MongoDeviceRepository } from './device.mongo';

describe('device repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_device_registry');
  });
  afterAll(async () => db.drop());

  deviceRepositoryContract(async () => ({ repo: new MongoDeviceRepository(db.connection) }));
});
