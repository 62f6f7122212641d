import type { Connection } from 'mongoose';
import { DomainError } from '@hcv/domain';
import { connectTestDatabase } from '@hcv/testing';
import { requestDevice, transition } from '../domain/device.decide';
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
    expect(await repo.write(device, active)).toEqual(active);
    expect(await repo.write(device, transition(device, 'retired', 'ops', new Date()))).toBeNull(); // decided on a stale copy
    expect(await repo.get('bus-01-tab-1')).toMatchObject({ state: 'active', history: [{ to: 'requested' }, { to: 'active', by: 'ops' }] });
    expect((await repo.list({ siteId: 'bus-01' })).map((d) => d.deviceId)).toEqual(['bus-01-tab-1']);
    expect(await repo.list({ siteId: 'elsewhere' })).toEqual([]);
  });

  it('refuses a write decided on a copy whose credential or heartbeat fields changed meanwhile', async () => {
    const repo = new MongoDeviceRepository(db.connection);
    const device = { ...requestDevice({ deviceId: 'd-rev', institutionNumber: '1321000018', siteId: 's', kind: 'pc', requestedBy: 'ops', at: new Date() }), state: 'active' as const };
    await repo.insert(device);
    const heard = { ...device, lastSeenAt: '2026-11-24T08:00:00.000Z', online: true };
    expect(await repo.write(device, heard)).toEqual(heard);
    expect(await repo.write(device, { ...device, lastSeenAt: '2026-11-24T07:59:00.000Z', online: true })).toBeNull();
    const offline = { ...heard, online: false };
    expect(await repo.write(heard, offline)).toEqual(offline);
    expect(await repo.write(heard, { ...heard, lastSeenAt: '2026-11-24T08:01:00.000Z' })).toBeNull();
    const keyed = { ...offline, credential: { credentialId: 'c1', signingKey: 'k', issuedAt: '2026-11-24T08:02:00.000Z' } };
    expect(await repo.write(offline, keyed)).toEqual(keyed);
    expect(await repo.write(offline, { ...offline, credential: { ...keyed.credential, credentialId: 'c2' } })).toBeNull();
    expect(await repo.get('d-rev')).toEqual(keyed);
  });

  it('refuses a transition the lifecycle does not allow', () => {
    const device = requestDevice({ deviceId: 'd', institutionNumber: '1321000018', siteId: 's', kind: 'pc', requestedBy: 'ops', at: new Date() });
    const retired = transition(device, 'retired', 'ops', new Date(), 'lost');
    expect(() => transition(retired, 'active', 'ops', new Date())).toThrow(DomainError);
  });
});
