import { DeviceOfflineV1, DeviceOnlineV1, DeviceSuspendedV1, type EventEnvelope } from '@hcv/contracts';
import { isOnlineEligibilityCode, withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { deviceStore } from './persistence/device.store';
import { InMemoryDeviceRepository } from './persistence/device.memory';
import { institutionStore } from './persistence/institution.store';
import { InMemoryInstitutionRepository } from './persistence/institution.memory';
import { IntroduceInsurerHandler } from './introduce-insurer/introduce-insurer.handler';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { RegisterSiteHandler } from './register-site/register-site.handler';
import { ReportOfflineDevicesHandler } from './report-offline-devices/report-offline-devices.handler';
import { RetireDeviceHandler } from './retire-device/retire-device.handler';
import { RotateCredentialHandler } from './rotate-credential/rotate-credential.handler';
import { siteStore } from './persistence/site.store';
import { InMemorySiteRepository } from './persistence/site.memory';
import { SuspendDeviceHandler } from './suspend-device/suspend-device.handler';
import { WithdrawInsurerHandler } from './withdraw-insurer/withdraw-insurer.handler';

function registry(start = '2026-11-24T08:00:00.000Z') {
  let now = new Date(start);
  const clock = () => now;
  const bus = new InProcessMessageBus(createLogger({ service: 't', level: 'error' }), 2, { maxAttempts: 1, backoffMillis: 1 });
  const events: EventEnvelope[] = [];
  // Subscribed and the bus started by `consumers.start()`.
  const consumers = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() }).consume(
    { group: 'spy' },
    [DeviceSuspendedV1, DeviceOfflineV1, DeviceOnlineV1].map((c) => on(c, async (e) => void events.push(e))),
  );
  const devices = new InMemoryDeviceRepository();
  const institutions = new InMemoryInstitutionRepository();
  const sites = new InMemorySiteRepository();
  const publisher = new OutboxRelay({
    source: 'device-registry',
    stores: [institutions.outbox, sites.outbox, devices.outbox],
    send: (topic, message) => bus.publishRaw(topic, message),
    logger: createLogger({ service: 't', level: 'error' }),
  });
  return {
    bus,
    consumers,
    events,
    devices,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    registerInstitution: new RegisterInstitutionHandler(institutionStore(institutions, publisher), clock),
    introduce: new IntroduceInsurerHandler(institutionStore(institutions, publisher), institutions, clock),
    withdraw: new WithdrawInsurerHandler(institutionStore(institutions, publisher), deviceStore(devices, publisher), devices, clock),
    registerSite: new RegisterSiteHandler(siteStore(sites, publisher), institutionStore(institutions, publisher), clock),
    registerDevice: new RegisterDeviceHandler(deviceStore(devices, publisher), institutionStore(institutions, publisher), siteStore(sites, publisher), clock),
    activate: new ActivateDeviceHandler(deviceStore(devices, publisher), clock),
    suspend: new SuspendDeviceHandler(deviceStore(devices, publisher), clock),
    retire: new RetireDeviceHandler(deviceStore(devices, publisher), clock),
    rotate: new RotateCredentialHandler(deviceStore(devices, publisher), clock),
    heartbeat: new RecordHeartbeatHandler(deviceStore(devices, publisher), clock),
    sweep: new ReportOfflineDevicesHandler(deviceStore(devices, publisher), devices, clock, 90_000),
  };
}

describe('device registry rules', () => {
  const institutionNumber = withInstitutionCheckDigit('131123456');

  it('refuses institution numbers with a bad prefecture or check digit, with a sentence', async () => {
    const r = registry();
    await expect(r.registerInstitution.execute({ institutionNumber: '4820000001', name: 'x', registeredBy: 'ops' }, 'c')).rejects.toMatchObject({
      code: 'invalid-institution-number',
      message: expect.stringMatching(/prefecture code from 01 to 47/),
    });
    const wrong = institutionNumber.slice(0, 9) + String((Number(institutionNumber[9]) + 1) % 10);
    await expect(r.registerInstitution.execute({ institutionNumber: wrong, name: 'x', registeredBy: 'ops' }, 'c')).rejects.toMatchObject({ code: 'invalid-institution-number' });
  });

  it('issues an online eligibility code on an introduction notice, once per insurer, and refuses a bad insurer number', async () => {
    const r = registry();
    const insurerNumber = withInsurerCheckDigit('0613901');
    const enrolled = await r.introduce.execute({ insurerNumber, insurerName: '第1健康保険組合', filedBy: 'insurer' }, 'c');
    expect(isOnlineEligibilityCode(enrolled.institutionNumber)).toBe(true);
    await expect(r.introduce.execute({ insurerNumber, insurerName: 'x', filedBy: 'insurer' }, 'c')).rejects.toMatchObject({ code: 'insurer-already-enrolled' });
    await expect(r.introduce.execute({ insurerNumber: insurerNumber.slice(0, 7) + String((Number(insurerNumber[7]) + 1) % 10), insurerName: 'x', filedBy: 'i' }, 'c')).rejects.toMatchObject({
      code: 'invalid-insurer-number',
    });
  });

  it('a withdrawal notice ends the code and suspends every device under it', async () => {
    const r = registry();
    await r.consumers.start();
    const { institutionNumber: code } = await r.introduce.execute({ insurerNumber: withInsurerCheckDigit('0613901'), insurerName: 'x', filedBy: 'i' }, 'c');
    await r.registerSite.execute({ kind: 'facility', siteId: 'insurer-hall', institutionNumber: code, name: 'hall' }, 'c');
    for (const id of ['d1', 'd2']) {
      await r.registerDevice.execute({ deviceId: id, institutionNumber: code, siteId: 'insurer-hall', kind: 'pc', requestedBy: 'ops' }, 'c');
      await r.activate.execute(id, 'ops', 'c');
    }
    const result = await r.withdraw.execute({ onlineEligibilityCode: code, filedBy: 'insurer', reason: 'no longer runs checkups' }, 'c');
    await r.bus.idle();
    expect(result.suspendedDevices.sort()).toEqual(['d1', 'd2']);
    expect((await r.devices.get('d1'))?.state).toBe('suspended');
    expect(r.events.filter((e) => e.type === 'device.suspended')).toHaveLength(2);
    await expect(r.registerSite.execute({ kind: 'facility', siteId: 's2', institutionNumber: code, name: 'x' }, 'c')).rejects.toMatchObject({ code: 'institution-withdrawn' });
  });

  it('issues a credential once at activation, never stores the secret, rotates on demand', async () => {
    const r = registry();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: '品川 800 さ 12-34', itinerary: [] }, 'c');
    await expect(r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'nowhere', kind: 'tablet', requestedBy: 'ops' }, 'c')).rejects.toMatchObject({ code: 'site-not-registered' });
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

  it('reports a silent device offline once, and online again with its bus stop', async () => {
    const r = registry();
    await r.consumers.start();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: 'p', itinerary: [] }, 'c');
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await r.activate.execute('d', 'ops', 'c');
    r.advance(60_000);
    expect(await r.sweep.execute()).toEqual([]);
    await r.heartbeat.execute('d', 'stop-1');
    r.advance(89_000);
    expect(await r.sweep.execute()).toEqual([]);
    r.advance(2_000);
    expect(await r.sweep.execute()).toEqual(['d']);
    expect(await r.sweep.execute()).toEqual([]);
    await r.heartbeat.execute('d', 'stop-2');
    await r.bus.idle();
    expect(r.events.map((e) => e.type)).toEqual(['device.offline', 'device.online']);
    expect((await r.devices.get('d'))?.currentStopId).toBe('stop-2');
  });
});
