import { DomainError } from '@hcv/domain';
import { decideDevice, registerDevice, requestDevice, transition, type Device, type DeviceCredential } from './device.decide';
import type { Institution } from './institution.decide';
import type { Site } from './site.decide';

const at = new Date('2026-11-24T08:00:00.000Z');
const institution: Institution = {
  institutionNumber: '1321000018',
  kind: 'checkup-institution',
  name: 'x',
  status: 'active',
  registeredAt: at.toISOString(),
};
const site: Site = {
  siteId: 'bus-01',
  institutionNumber: '1321000018',
  kind: 'bus',
  name: 'bus',
  itinerary: [],
  registeredAt: at.toISOString(),
};
const command = { deviceId: 'd', institutionNumber: '1321000018', siteId: 'bus-01', kind: 'tablet' as const, requestedBy: 'ops' };
const credential: DeviceCredential = { credentialId: 'cred-1', signingKey: 'key', issuedAt: at.toISOString() };
const requested: Device = requestDevice({ ...command, at });
const types = (d: { events: readonly { contract: { type: string } }[] }) => d.events.map((e) => e.contract.type);

describe('device rules (decideDevice)', () => {
  it('registers a device at a site of an active institution, and nowhere else', () => {
    const decision = registerDevice(command, { institution, site }, at);
    expect(decision.state).toMatchObject({ deviceId: 'd', state: 'requested', history: [{ to: 'requested', by: 'ops' }] });
    expect(types(decision)).toEqual(['device.registered']);
    expect(() => registerDevice(command, { institution: { ...institution, status: 'withdrawn' }, site }, at)).toThrow(
      expect.objectContaining({ code: 'institution-not-active' }),
    );
    expect(() => registerDevice(command, { institution, site: null }, at)).toThrow(
      expect.objectContaining({ code: 'site-not-registered' }),
    );
    expect(() => registerDevice(command, { institution, site: { ...site, institutionNumber: '2721000015' } }, at)).toThrow(
      expect.objectContaining({ code: 'site-not-registered' }),
    );
  });

  it('first activation issues the credential with the activated event and starts the offline clock', () => {
    const { state, events } = decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested);
    expect(state).toMatchObject({ state: 'active', credential, lastSeenAt: at.toISOString(), online: true });
    expect(types({ events })).toEqual(['device.credential-issued', 'device.activated']);
    expect(events[1]!.data).toMatchObject({ deviceId: 'd', activatedBy: 'ops', activatedAt: at.toISOString(), siteId: 'bus-01' });
  });

  it('re-activation keeps the credential it has (no credential event)', () => {
    const suspended = decideDevice(
      { kind: 'suspend', by: 'ops', reason: 'lost', at },
      decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested).state,
    ).state;
    const again = decideDevice({ kind: 'activate', by: 'ops', at, credential: { ...credential, credentialId: 'cred-2' } }, suspended);
    expect(again.state.credential?.credentialId).toBe('cred-1');
    expect(types(again)).toEqual(['device.activated']);
  });

  it('suspends and retires with who and why; refuses what the lifecycle does not allow', () => {
    const active = decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested).state;
    const suspended = decideDevice({ kind: 'suspend', by: 'ops', reason: 'lost', at }, active);
    expect(suspended.state.history.at(-1)).toEqual({ to: 'suspended', by: 'ops', at: at.toISOString(), reason: 'lost' });
    expect(suspended.events[0]!.data).toEqual({ deviceId: 'd', at: at.toISOString(), by: 'ops', reason: 'lost' });
    const retired = decideDevice({ kind: 'retire', by: 'ops', reason: 'end of life', at }, suspended.state);
    expect(types(retired)).toEqual(['device.retired']);
    expect(() => decideDevice({ kind: 'activate', by: 'ops', at, credential }, retired.state)).toThrow(
      expect.objectContaining({ code: 'device-transition-not-allowed' }),
    );
  });

  it('refuses a transition the lifecycle does not allow', () => {
    const device = requestDevice({
      deviceId: 'd',
      institutionNumber: '1321000018',
      siteId: 's',
      kind: 'pc',
      requestedBy: 'ops',
      at: new Date(),
    });
    const retired = transition(device, 'retired', 'ops', new Date(), 'lost');
    expect(() => transition(retired, 'active', 'ops', new Date())).toThrow(DomainError);
  });

  it('rotates the credential of an active device only', () => {
    const active = decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested).state;
    const rotated = decideDevice({ kind: 'rotate-credential', credential: { ...credential, credentialId: 'cred-2' } }, active);
    expect(rotated.state.credential?.credentialId).toBe('cred-2');
    expect(types(rotated)).toEqual(['device.credential-issued']);
    expect(() => decideDevice({ kind: 'rotate-credential', credential }, requested)).toThrow(
      expect.objectContaining({ code: 'credential-needs-active-device' }),
    );
  });

  it('a withdrawal suspends an active device, retires a requested one, and leaves the others as they are', () => {
    const withdrawal = { kind: 'withdraw-with-institution' as const, by: 'insurer', reason: 'withdrawal notice (廃止届): x', at };
    const active = decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested).state;
    expect(decideDevice(withdrawal, active).state.state).toBe('suspended');
    expect(decideDevice(withdrawal, requested).state.state).toBe('retired');
    expect(types(decideDevice(withdrawal, requested))).toEqual(['device.suspended']);
    const suspended = decideDevice(withdrawal, active).state;
    expect(decideDevice(withdrawal, suspended)).toEqual({ state: suspended, events: [] });
  });
});
