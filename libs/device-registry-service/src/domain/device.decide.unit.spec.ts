import { DomainError } from '@hcv/domain';
import {
  decideDevice,
  registerDevice,
  requestDevice,
  transition,
  type Device,
  type DeviceCredential,
  type IssuedDeviceCredential,
} from './device.decide';
import { deviceView } from './device-view';
import type { Institution } from './institution.decide';
import type { InsurerEnrolment } from './insurer.decide';
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
const stored: DeviceCredential = { credentialId: 'cred-1', signingKey: 'key', issuedAt: at.toISOString() };
/** As issued: the signing key also sealed for the event (the sealing itself is the adapter's, credential-issuer.ts). */
const credential: IssuedDeviceCredential = { ...stored, sealedSigningKey: `v1.k1.${'n'.repeat(16)}.${'c'.repeat(64)}` };
const requested: Device = requestDevice({ ...command, at });
const types = (d: { events: readonly { contract: { type: string } }[] }) => d.events.map((e) => e.contract.type);

describe('device rules (decideDevice)', () => {
  it('registers a device at a site of an active institution, and nowhere else', () => {
    const decision = registerDevice(command, { operator: { institution }, site }, at);
    expect(decision.state).toMatchObject({ deviceId: 'd', state: 'requested', history: [{ to: 'requested', by: 'ops' }] });
    expect(types(decision)).toEqual(['device.registered']);
    expect(() => registerDevice(command, { operator: { institution: { ...institution, status: 'withdrawn' } }, site }, at)).toThrow(
      expect.objectContaining({ code: 'institution-not-active' }),
    );
    expect(() => registerDevice(command, { operator: { institution }, site: null }, at)).toThrow(
      expect.objectContaining({ code: 'site-not-registered' }),
    );
    expect(() => registerDevice(command, { operator: { institution }, site: { ...site, institutionNumber: '2721000012' } }, at)).toThrow(
      expect.objectContaining({ code: 'site-not-registered' }),
    );
  });

  it('first activation issues the credential with the activated event and starts the offline clock', () => {
    const { state, events } = decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested);
    expect(state).toMatchObject({ state: 'active', credential: stored, lastSeenAt: at.toISOString(), online: true });
    expect(state.credential).toEqual(stored);
    expect(types({ events })).toEqual(['device.credential-issued', 'device.activated']);
    // The event carries the key sealed only (v2), never the stored signing key.
    expect(events[0]!.contract).toMatchObject({ version: 2 });
    expect(events[0]!.data).toEqual({
      deviceId: 'd',
      credentialId: 'cred-1',
      sealedSigningKey: credential.sealedSigningKey,
      issuedAt: at.toISOString(),
    });
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

  it('records the card reader and the portal registration reference at registration; a device without a reader says so', () => {
    const withReader = registerDevice(
      { ...command, cardReader: { model: 'RC-S300', serial: 'SN0001' }, portalRegistrationReference: 'REG-000123' },
      { operator: { institution }, site },
      at,
    );
    expect(withReader.state).toMatchObject({
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      portalRegistrationReference: 'REG-000123',
    });
    expect(withReader.events[0]!.contract).toMatchObject({ type: 'device.registered', version: 2 });
    expect(withReader.events[0]!.data).toMatchObject({
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      institutionNumber: '1321000018',
    });
    expect(deviceView(withReader.state).cardReaderReported).toBe(true);
    const without = registerDevice(command, { operator: { institution }, site }, at).state;
    expect(without.cardReader).toBeUndefined();
    expect(deviceView(without).cardReaderReported).toBe(false);
  });

  it('a reader swap is its own event with the previous reader; the same reader again changes nothing; a retired device keeps its reader', () => {
    const first = decideDevice(
      { kind: 'change-card-reader', cardReader: { model: 'RC-S300', serial: 'SN0001' }, by: 'ops', at },
      requested,
    );
    expect(types(first)).toEqual(['device.card-reader-changed']);
    expect(first.events[0]!.data).toEqual({
      deviceId: 'd',
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      at: at.toISOString(),
      by: 'ops',
    });
    const swapped = decideDevice(
      { kind: 'change-card-reader', cardReader: { model: 'RC-S300', serial: 'SN0002' }, by: 'ops', reason: 'broken', at },
      first.state,
    );
    expect(swapped.state.cardReader).toEqual({ model: 'RC-S300', serial: 'SN0002' });
    expect(swapped.events[0]!.data).toMatchObject({ previous: { model: 'RC-S300', serial: 'SN0001' }, reason: 'broken' });
    expect(
      decideDevice({ kind: 'change-card-reader', cardReader: { model: 'RC-S300', serial: 'SN0002' }, by: 'ops', at }, swapped.state),
    ).toEqual({
      state: swapped.state,
      events: [],
    });
    const retired = transition(swapped.state, 'retired', 'ops', at, 'gone');
    expect(() => decideDevice({ kind: 'change-card-reader', cardReader: { model: 'x', serial: 'y' }, by: 'ops', at }, retired)).toThrow(
      expect.objectContaining({ code: 'device-already-retired', status: 409 }),
    );
  });

  it('an insurer’s device is registered and activated by its code, never as an institution number', () => {
    const insurer: InsurerEnrolment = {
      onlineEligibilityCode: 'C1000123',
      insurerNumber: '06139018',
      name: 'x',
      facilities: [{ name: 'hall' }],
      status: 'active',
      registeredAt: at.toISOString(),
    };
    const hall: Site = { ...site, institutionNumber: undefined, onlineEligibilityCode: 'C1000123' };
    const cmd = { deviceId: 'i1', onlineEligibilityCode: 'C1000123', siteId: 'bus-01', kind: 'pc' as const, requestedBy: 'ops' };
    const registered = registerDevice(cmd, { operator: { insurer }, site: hall }, at);
    expect(registered.state).not.toHaveProperty('institutionNumber');
    expect(registered.events[0]!.data).toEqual({
      deviceId: 'i1',
      onlineEligibilityCode: 'C1000123',
      siteId: 'bus-01',
      kind: 'pc',
      requestedBy: 'ops',
    });
    const activated = decideDevice({ kind: 'activate', by: 'ops', at, credential }, registered.state);
    expect(activated.events[1]!.contract).toMatchObject({ type: 'device.activated', version: 2 });
    expect(activated.events[1]!.data).toMatchObject({ onlineEligibilityCode: 'C1000123' });
    expect(activated.events[1]!.data).not.toHaveProperty('institutionNumber');
    expect(decideDevice({ kind: 'activate', by: 'ops', at, credential }, requested).events[1]!.contract).toMatchObject({ version: 1 });
    expect(() => registerDevice(cmd, { operator: { insurer: null }, site: hall }, at)).toThrow(
      expect.objectContaining({ code: 'insurer-not-enrolled' }),
    );
    const leaving = {
      ...insurer,
      withdrawal: { effectiveDate: '2026-11-24', effectiveFrom: '2026-11-23T15:00:00.000Z', filedAt: '', filedBy: 'x', reason: 'x' },
    };
    expect(() => registerDevice(cmd, { operator: { insurer: leaving }, site: hall }, at)).toThrow(
      expect.objectContaining({ code: 'insurer-withdrawn' }),
    );
    expect(() => registerDevice(cmd, { operator: { insurer }, site }, at)).toThrow(
      expect.objectContaining({ code: 'site-not-registered' }),
    );
  });
});
