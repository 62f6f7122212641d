// The device repository's behaviour as one list of cases, run on both adapters: the memory one
// (device.memory.unit.spec.ts) and the MongoDB one (device.mongo.int.spec.ts). Not a test file by
// itself (no tier in its name): the specs of the adapters call it. Ids are unique per case, so
// cases sharing one database never see each other's devices.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import { requestDevice, transition, type Device } from '../domain/device.decide';
import type { DeviceRepository } from './device.repository';

export type DeviceRepositoryFactory = () => Promise<{ repo: DeviceRepository; cleanup?: () => Promise<void> }>;

const entry = (deviceId: string, n: number): OutboxEntry => ({
  eventId: `${deviceId}-e${n}`,
  topic: 'device.activated.v1',
  key: deviceId,
  value: JSON.stringify({ n }),
  headers: {},
  stagedAt: '2026-11-24T08:00:00.000Z',
});

export function deviceRepositoryContract(make: DeviceRepositoryFactory): void {
  let run: { repo: DeviceRepository; cleanup?: () => Promise<void> };
  let tag: string;
  beforeEach(async () => {
    run = await make();
    tag = randomUUID().slice(0, 8);
  });
  afterEach(async () => run.cleanup?.());

  const device = (deviceId: string, over: Partial<Pick<Device, 'institutionNumber' | 'onlineEligibilityCode' | 'siteId'>> = {}): Device =>
    requestDevice({
      deviceId,
      institutionNumber: '1321000018',
      siteId: 's',
      kind: 'pc',
      requestedBy: 'ops',
      at: new Date('2026-11-24T08:00:00Z'),
      ...over,
    });
  const active = (d: Device, lastSeenAt = '2026-11-24T08:00:00.000Z'): Device => ({
    ...transition(d, 'active', 'ops', new Date(lastSeenAt)),
    lastSeenAt,
    online: true,
  });

  it('registers once, activates with an optimistic check, and lists by site', async () => {
    const { repo } = run;
    const [id, site] = [`bus-01-tab-1-${tag}`, `bus-01-${tag}`];
    const requested = requestDevice({
      deviceId: id,
      institutionNumber: '1321000018',
      siteId: site,
      kind: 'tablet',
      requestedBy: 'ops',
      at: new Date('2026-11-24T08:00:00Z'),
    });
    await repo.insert(requested);
    await expect(repo.insert(requested)).rejects.toMatchObject({ code: 'device-already-registered', status: 409 });

    const activated = transition(requested, 'active', 'ops', new Date('2026-11-24T08:05:00Z'));
    expect(await repo.write(requested, activated)).toEqual(activated);
    expect(await repo.write(requested, transition(requested, 'retired', 'ops', new Date()))).toBeNull(); // decided on a stale copy
    expect(await repo.get(id)).toMatchObject({ state: 'active', history: [{ to: 'requested' }, { to: 'active', by: 'ops' }] });
    expect((await repo.list({ siteId: site })).map((d) => d.deviceId)).toEqual([id]);
    expect(await repo.list({ siteId: `elsewhere-${tag}` })).toEqual([]);
  });

  it('refuses a write decided on a copy whose credential or heartbeat fields changed meanwhile', async () => {
    const { repo } = run;
    const id = `d-rev-${tag}`;
    const stored = { ...device(id), state: 'active' as const };
    await repo.insert(stored);
    const heard = { ...stored, lastSeenAt: '2026-11-24T08:00:00.000Z', online: true };
    expect(await repo.write(stored, heard)).toEqual(heard);
    expect(await repo.write(stored, { ...stored, lastSeenAt: '2026-11-24T07:59:00.000Z', online: true })).toBeNull();
    const offline = { ...heard, online: false };
    expect(await repo.write(heard, offline)).toEqual(offline);
    expect(await repo.write(heard, { ...heard, lastSeenAt: '2026-11-24T08:01:00.000Z' })).toBeNull();
    const keyed = { ...offline, credential: { credentialId: 'c1', signingKey: 'k', issuedAt: '2026-11-24T08:02:00.000Z' } };
    expect(await repo.write(offline, keyed)).toEqual(keyed);
    expect(await repo.write(offline, { ...offline, credential: { ...keyed.credential, credentialId: 'c2' } })).toBeNull();
    expect(await repo.get(id)).toEqual(keyed);
  });

  it('answers null for a device it does not hold, on a read and on a write', async () => {
    const { repo } = run;
    const ghost = device(`ghost-${tag}`);
    expect(await repo.get(ghost.deviceId)).toBeNull();
    expect(await repo.write(ghost, active(ghost))).toBeNull();
    expect(await repo.get(ghost.deviceId)).toBeNull();
  });

  it('lists by institution, by site, by both, and all, in device id order', async () => {
    const { repo } = run;
    const [a, b] = [`inst-a-${tag}`, `inst-b-${tag}`];
    for (const d of [
      device(`${tag}-3`, { institutionNumber: a, siteId: `${a}-s1` }),
      device(`${tag}-1`, { institutionNumber: a, siteId: `${a}-s2` }),
      device(`${tag}-2`, { institutionNumber: b, siteId: `${b}-s1` }),
    ]) {
      await repo.insert(d);
    }
    const ids = (list: Device[]) => list.map((d) => d.deviceId);
    expect(ids(await repo.list({ institutionNumber: a }))).toEqual([`${tag}-1`, `${tag}-3`]);
    expect(ids(await repo.list({ siteId: `${b}-s1` }))).toEqual([`${tag}-2`]);
    expect(ids(await repo.list({ institutionNumber: a, siteId: `${a}-s2` }))).toEqual([`${tag}-1`]);
    expect(ids(await repo.list({ institutionNumber: a, siteId: `${b}-s1` }))).toEqual([]);
    expect(ids(await repo.list({})).filter((id) => id.startsWith(tag))).toEqual([`${tag}-1`, `${tag}-2`, `${tag}-3`]);
  });

  it('finds the active, online devices silent since before a time, and no other', async () => {
    const { repo } = run;
    const mine = (list: Device[]) =>
      list
        .map((d) => d.deviceId)
        .filter((id) => id.startsWith(tag))
        .sort();
    const silent = active(device(`${tag}-silent`), '2026-11-24T08:00:00.000Z');
    const heard = active(device(`${tag}-heard`), '2026-11-24T08:10:00.000Z');
    const offline = { ...active(device(`${tag}-offline`), '2026-11-24T08:00:00.000Z'), online: false };
    const suspended = transition(
      active(device(`${tag}-suspended`), '2026-11-24T08:00:00.000Z'),
      'suspended',
      'ops',
      new Date('2026-11-24T08:01:00Z'),
      'lost',
    );
    const requested = device(`${tag}-requested`);
    for (const d of [silent, heard, offline, suspended, requested]) await repo.insert(d);
    expect(mine(await repo.findSilent('2026-11-24T08:05:00.000Z'))).toEqual([`${tag}-silent`]);
    expect(mine(await repo.findSilent('2026-11-24T08:00:00.000Z'))).toEqual([]); // strictly older
    expect(mine(await repo.findSilent('2026-11-24T09:00:00.000Z'))).toEqual([`${tag}-heard`, `${tag}-silent`]);
  });

  it('counts the active devices of each institution and each insurer code, leaving out those without one', async () => {
    const { repo } = run;
    const [a, b, c, code] = [`a-${tag}`, `b-${tag}`, `c-${tag}`, `k${tag}`];
    await repo.insert(active(device(`${tag}-1`, { institutionNumber: a })));
    await repo.insert(active(device(`${tag}-2`, { institutionNumber: a })));
    await repo.insert(device(`${tag}-3`, { institutionNumber: a }));
    await repo.insert(active(device(`${tag}-4`, { institutionNumber: b })));
    await repo.insert(transition(active(device(`${tag}-5`, { institutionNumber: c })), 'retired', 'ops', new Date(), 'end of life'));
    await repo.insert(active(device(`${tag}-6`, { institutionNumber: undefined, onlineEligibilityCode: code })));
    const counts = await repo.activeDevicesByOperator();
    expect([a, b, c].map((n) => counts.byInstitution.get(n))).toEqual([2, 1, undefined]);
    expect(counts.byInsurerCode.get(code)).toBe(1);
    expect(counts.byInstitution.has(code)).toBe(false);
  });

  it('stores an insurer’s device by its code (never as an institution number), with its card reader, and lists it by code', async () => {
    const { repo } = run;
    const code = `k${tag}`;
    const d = requestDevice({
      deviceId: `${tag}-ins`,
      onlineEligibilityCode: code,
      siteId: 'hall',
      kind: 'pc',
      requestedBy: 'ops',
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      portalRegistrationReference: 'REG-1',
      at: new Date('2026-11-24T08:00:00Z'),
    });
    await repo.insert(d);
    expect(await repo.get(d.deviceId)).toEqual(d);
    expect(await repo.get(d.deviceId)).not.toHaveProperty('institutionNumber');
    expect((await repo.list({ onlineEligibilityCode: code })).map((x) => x.deviceId)).toEqual([d.deviceId]);
    // A reader swap is a write like any other: one decided on the old reader loses to one that landed first.
    const swapped = { ...d, cardReader: { model: 'RC-S300', serial: 'SN0002' } };
    expect(await repo.write(d, swapped)).toEqual(swapped);
    expect(await repo.write(d, { ...d, cardReader: { model: 'RC-S300', serial: 'SN0003' } })).toBeNull();
    expect((await repo.get(d.deviceId))?.cardReader).toEqual({ model: 'RC-S300', serial: 'SN0002' });
  });

  it('keeps the events of each write with the device until they are marked sent, never in what it reads', async () => {
    const { repo } = run;
    const requested = device(`${tag}-outbox`);
    await repo.insert(requested, [entry(requested.deviceId, 1)]);
    const next = active(requested);
    expect(await repo.write(requested, next, [entry(requested.deviceId, 2)])).toEqual(next);
    expect((await repo.outbox.entriesOf(requested.deviceId)).map((e) => e.eventId)).toEqual([
      `${requested.deviceId}-e1`,
      `${requested.deviceId}-e2`,
    ]);
    expect(await repo.get(requested.deviceId)).not.toHaveProperty('outbox', expect.anything());
    expect(await repo.outbox.pending('2026-11-24T08:00:00.000Z', 1_000)).toContain(requested.deviceId);
    await repo.outbox.markSent(requested.deviceId, [`${requested.deviceId}-e1`]);
    expect((await repo.outbox.entriesOf(requested.deviceId)).map((e) => e.eventId)).toEqual([`${requested.deviceId}-e2`]);
    expect(await repo.get(requested.deviceId)).toEqual(next);
  });
}
