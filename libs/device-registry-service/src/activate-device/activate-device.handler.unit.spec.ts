import { DeviceCredentialIssuedV2, type EventEnvelope } from '@hcv/contracts';
import { InMemoryProcessedEventLog, MessageBusTransport, on } from '@hcv/messaging';
import { openDeviceKey, signingKeyFromSecret } from '@hcv/platform-access';
import { keyRingOf } from '@hcv/platform-runtime';
import { institutionNumber, registry, TEST_DEVICE_KEYS } from '../device-registry.fixture';

describe('activate a device', () => {
  it('issues a credential once at activation, never stores the secret, rotates on demand', async () => {
    const r = registry();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute(
      { kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: '品川 800 さ 12-34', itinerary: [] },
      'c',
    );
    await expect(
      r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'nowhere', kind: 'tablet', requestedBy: 'ops' }, 'c'),
    ).rejects.toMatchObject({ code: 'site-not-registered' });
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    const first = await r.activate.execute('d', 'ops', 'c');
    expect(first.credential?.secret).toBeDefined();
    expect(JSON.stringify(await r.devices.get('d'))).not.toContain(first.credential!.secret);
    await r.suspend.execute('d', 'ops', 'lost', 'c');
    const again = await r.activate.execute('d', 'ops', 'c');
    expect(again.credential).toBeUndefined(); // re-activation keeps the credential
    const rotated = await r.rotate.execute('d', 'c');
    expect(rotated.secret).not.toBe(first.credential!.secret);
    expect((await r.devices.get('d'))?.credential?.credentialId).toBe(rotated.credentialId);
    await r.retire.execute('d', 'ops', 'end of life', 'c');
    await expect(r.activate.execute('d', 'ops', 'c')).rejects.toMatchObject({ code: 'device-transition-not-allowed' });
  });

  it('starts the offline clock and dates the credential at the clock’s time', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'facility', siteId: 'hall', institutionNumber, name: 'hall' }, 'c');
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'hall', kind: 'pc', requestedBy: 'ops' }, 'c');
    r.advance(5 * 60_000);
    const { device, credential } = await r.activate.execute('d', 'ops', 'c');
    expect(credential?.issuedAt).toBe('2026-11-24T08:05:00.000Z');
    expect(device).toMatchObject({ state: 'active', lastSeenAt: '2026-11-24T08:05:00.000Z', online: true });
    await expect(r.activate.execute('unknown', 'ops', 'c')).rejects.toMatchObject({ code: 'device-not-found' });
  });

  it('announces the signing key only sealed for the device and credential (device.credential-issued v2), never in clear', async () => {
    const r = registry();
    const issued: EventEnvelope[] = [];
    await new MessageBusTransport(r.bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: 'seal-spy' }, [on(DeviceCredentialIssuedV2, async (e) => void issued.push(e as EventEnvelope))])
      .start();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'facility', siteId: 'hall', institutionNumber, name: 'hall' }, 'c');
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'hall', kind: 'pc', requestedBy: 'ops' }, 'c');
    const { credential } = await r.activate.execute('d', 'ops', 'c');
    const rotated = await r.rotate.execute('d', 'c');
    await r.bus.idle();
    expect(issued.map((e) => e.version)).toEqual([2, 2]);
    const signingKeys = [credential!, rotated].map((c) => signingKeyFromSecret(c.secret));
    issued.forEach((event, i) => {
      const data = event.data as { deviceId: string; credentialId: string; sealedSigningKey: string };
      expect(JSON.stringify(event)).not.toContain(signingKeys[i]);
      expect(data.sealedSigningKey).toMatch(/^v1\.t1\./);
      expect(openDeviceKey(TEST_DEVICE_KEYS, data.sealedSigningKey, data)).toBe(signingKeys[i]);
      // Bound to its device and credential; another ring's key does not open it.
      expect(() => openDeviceKey(TEST_DEVICE_KEYS, data.sealedSigningKey, { ...data, deviceId: 'other' })).toThrow(/does not open/);
      expect(() => openDeviceKey(keyRingOf({ t1: 'x'.repeat(40) }), data.sealedSigningKey, data)).toThrow(/does not open/);
    });
  });
});
