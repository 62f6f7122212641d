import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { insurerRepositoryContract } from './insurer.contract';
import { MongoInsurerRepository } from './insurer.mongo';
import { migrateLegacyInsurerCodes } from './legacy-insurer-codes.mongo';

/** A code the registry issued before it recorded 支払基金's codes, stored in the `institutionNumber` field of old sites and devices. */
const LEGACY_CODE = '9000000422';

describe('insurer repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_insurers');
  });
  afterAll(async () => db.drop());

  insurerRepositoryContract(async () => ({ repo: new MongoInsurerRepository(db.connection) }));

  it('moves an insurer stored as an institution (its code under institutionNumber) to the insurer enrolments, with its sites and devices', async () => {
    const c = db.connection;
    await c.collection('institutions').insertMany([
      {
        _id: '9000000422',
        kind: 'insurer',
        name: '直営健保',
        insurerNumber: '06139018',
        status: 'active',
        registeredAt: '2025-04-01T00:00:00.000Z',
      },
      {
        _id: '9000000430',
        kind: 'insurer',
        name: '旧健保',
        insurerNumber: '01130012',
        status: 'withdrawn',
        registeredAt: '2025-04-01T00:00:00.000Z',
        withdrawnAt: '2025-09-30T15:00:00.000Z',
        withdrawalReason: 'closed',
      },
      { _id: '3410712362', kind: 'checkup-institution', name: '健診センター', status: 'active', registeredAt: '2025-04-01T00:00:00.000Z' },
    ] as never[]);
    await c.collection('sites').insertOne({ _id: 'legacy-hall', institutionNumber: LEGACY_CODE, kind: 'facility', name: 'hall' } as never);
    await c
      .collection('devices')
      .insertOne({ _id: 'legacy-d1', institutionNumber: LEGACY_CODE, siteId: 'legacy-hall', state: 'active' } as never);

    expect((await migrateLegacyInsurerCodes(c)).sort()).toEqual(['9000000422', '9000000430']);
    const repo = new MongoInsurerRepository(c);
    expect(await repo.get('9000000422')).toMatchObject({ insurerNumber: '06139018', name: '直営健保', status: 'active', facilities: [] });
    expect(await repo.get('9000000430')).toMatchObject({
      status: 'withdrawn',
      withdrawal: { effectiveDate: '2025-10-01', effectiveFrom: '2025-09-30T15:00:00.000Z', reason: 'closed' },
    });
    expect(await c.collection('institutions').countDocuments({ kind: 'insurer' })).toBe(0);
    expect(await c.collection('institutions').countDocuments({ _id: '3410712362' } as never)).toBe(1);
    const device = await c.collection('devices').findOne({ _id: 'legacy-d1' } as never);
    expect(device).toMatchObject({ onlineEligibilityCode: '9000000422' });
    expect(device).not.toHaveProperty('institutionNumber');
    expect(await c.collection('sites').findOne({ _id: 'legacy-hall' } as never)).toMatchObject({ onlineEligibilityCode: '9000000422' });
    expect(await migrateLegacyInsurerCodes(c)).toEqual([]); // idempotent
  });
});
