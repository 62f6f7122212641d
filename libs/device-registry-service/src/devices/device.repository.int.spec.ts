import type { Connection } from 'mongoose';
import { DomainError } from '@hcv/domain-errors';
import { connectTestDatabase } from '@hcv/testing';
import { requestDevice, transition } from './device';
import { MongoDeviceRepository } from './device.repository';

describe('device repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_device_registry');
  });
  afterAll(async () => db.drop());

  it('registers once, activates with an optimistic check, and lists by site', async () => {
    const repo = new MongoDeviceRepository(db.connection);
    const device = requestDevice({ deviceId: 'bus-01-tab-1', institutionNumber: '1321000018', siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops', at: new Date('2026-11-24T08:00:00Z') });
    await repo.insert(device);
    await expect(repo.insert(device)).rejects.toMatchObject({ code: 'device-already-registered', status: 409 });

    const active = transition(device, 'active', 'ops', new Date('2026-11-24T08:05:00Z'));
    expect(await repo.replace(active, 'requested')).toBe(true);
    expect(await repo.replace(transition(device, 'retired', 'ops', new Date()), 'requested')).toBe(false);
    expect(await repo.get('bus-01-tab-1')).toMatchObject({ state: 'active', history: [{ to: 'requested' }, { to: 'active', by: 'ops' }] });
    expect((await repo.list({ siteId: 'bus-01' })).map((d) => d.deviceId)).toEqual(['bus-01-tab-1']);
    expect(await repo.list({ siteId: 'elsewhere' })).toEqual([]);
  });

  it('refuses a transition the lifecycle does not allow', () => {
    const device = requestDevice({ deviceId: 'd', institutionNumber: '1321000018', siteId: 's', kind: 'pc', requestedBy: 'ops', at: new Date() });
    const retired = transition(device, 'retired', 'ops', new Date(), 'lost');
    expect(() => transition(retired, 'active', 'ops', new Date())).toThrow(DomainError);
  });
});
