// The registry's use cases over memory adapters, an injected clock and an in-process bus with a spy
// consumer: what the handler specs build on. Not a test file by itself (no tier in its name).
import {
  DeviceCardReaderChangedV1,
  DeviceOfflineV1,
  DeviceOnlineV1,
  DeviceSuspendedV1,
  InsurerIntroducedV1,
  InsurerWithdrawnV1,
  type EventEnvelope,
  type IntroductionNoticeRequest,
  type StaffClaims,
} from '@hcv/contracts';
import { withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { keyRingOf } from '@hcv/platform-runtime';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { ChangeCardReaderHandler } from './change-card-reader/change-card-reader.handler';
import { GetDeviceHandler } from './get-device/get-device.handler';
import { GetInstitutionHandler } from './get-institution/get-institution.handler';
import { GetInsurerHandler } from './get-insurer/get-insurer.handler';
import { GetSiteHandler } from './get-site/get-site.handler';
import { IntroduceInsurerHandler } from './introduce-insurer/introduce-insurer.handler';
import { ListDevicesHandler } from './list-devices/list-devices.handler';
import { ListImplementingInstitutionsHandler } from './list-implementing-institutions/list-implementing-institutions.handler';
import { InMemoryDeviceRepository } from './persistence/device.memory';
import { deviceStore } from './persistence/device.store';
import { InMemoryInstitutionRepository } from './persistence/institution.memory';
import { institutionStore } from './persistence/institution.store';
import { InMemoryInsurerRepository } from './persistence/insurer.memory';
import { insurerStore } from './persistence/insurer.store';
import { InMemorySiteRepository } from './persistence/site.memory';
import { siteStore } from './persistence/site.store';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { RegisterSiteHandler } from './register-site/register-site.handler';
import { ReportOfflineDevicesHandler } from './report-offline-devices/report-offline-devices.handler';
import { RetireDeviceHandler } from './retire-device/retire-device.handler';
import { RotateCredentialHandler } from './rotate-credential/rotate-credential.handler';
import { SetItineraryHandler } from './set-itinerary/set-itinerary.handler';
import { SuspendDeviceHandler } from './suspend-device/suspend-device.handler';
import { WithdrawInsurerHandler } from './withdraw-insurer/withdraw-insurer.handler';

/** A valid 健診・保健指導機関番号 (Tokyo, category 1; check digit over the 9-digit body). */
export const institutionNumber = withInstitutionCheckDigit('131123456');

/** An introduction notice (導入届) with every field of the form, for the insurer `0613901x` + `n`. */
export function aNotice(n: number, over: Partial<IntroductionNoticeRequest> = {}): IntroductionNoticeRequest {
  return {
    insurerNumber: withInsurerCheckDigit(`061390${n}`),
    insurerName: `第${n}健康保険組合`,
    onlineEligibilityCode: `C${n}000123`,
    facilities: [{ name: '健保会館健診室', address: '東京都千代田区霞が関1-2-2' }],
    contact: { name: '健保 花子', phone: '03-1234-5678' },
    plannedStartDate: '2026-12-01',
    filedBy: 'ops',
    ...over,
  };
}

/** Staff claims as the access decorators hand them to a handler. */
export const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'staff-1',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});

/** The device-key ring the fixture's registry seals signing keys with. */
export const TEST_DEVICE_KEYS = keyRingOf({ t1: 'test-device-key-encryption-key-000000000' });

export function registry(start = '2026-11-24T08:00:00.000Z') {
  let now = new Date(start);
  const clock = () => now;
  const bus = new InProcessMessageBus(createLogger({ service: 't', level: 'error' }), 2, { maxAttempts: 1, backoffMillis: 1 });
  const events: EventEnvelope[] = [];
  // Subscribed and the bus started by `consumers.start()`.
  const consumers = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() }).consume(
    { group: 'spy' },
    [DeviceSuspendedV1, DeviceOfflineV1, DeviceOnlineV1, DeviceCardReaderChangedV1, InsurerIntroducedV1, InsurerWithdrawnV1].map((c) =>
      on(c, async (e) => void events.push(e as EventEnvelope)),
    ),
  );
  const devices = new InMemoryDeviceRepository();
  const institutions = new InMemoryInstitutionRepository();
  const insurers = new InMemoryInsurerRepository();
  const sites = new InMemorySiteRepository();
  const publisher = new OutboxRelay({
    source: 'device-registry',
    stores: [institutions.outbox, insurers.outbox, sites.outbox, devices.outbox],
    send: (topic, message) => bus.publishRaw(topic, message),
    logger: createLogger({ service: 't', level: 'error' }),
  });
  return {
    bus,
    consumers,
    events,
    devices,
    institutions,
    insurers,
    sites,
    now: () => now,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    registerInstitution: new RegisterInstitutionHandler(institutionStore(institutions, publisher), clock),
    getInstitution: new GetInstitutionHandler(institutions),
    introduce: new IntroduceInsurerHandler(insurerStore(insurers, publisher), insurers, clock),
    getInsurer: new GetInsurerHandler(insurers, clock),
    withdraw: new WithdrawInsurerHandler(insurerStore(insurers, publisher), insurers, deviceStore(devices, publisher), devices, clock),
    listImplementing: new ListImplementingInstitutionsHandler(institutions, insurers, devices, clock),
    registerSite: new RegisterSiteHandler(
      siteStore(sites, publisher),
      institutionStore(institutions, publisher),
      insurerStore(insurers, publisher),
      clock,
    ),
    setItinerary: new SetItineraryHandler(siteStore(sites, publisher)),
    getSite: new GetSiteHandler(sites),
    registerDevice: new RegisterDeviceHandler(
      deviceStore(devices, publisher),
      institutionStore(institutions, publisher),
      insurerStore(insurers, publisher),
      siteStore(sites, publisher),
      clock,
    ),
    changeCardReader: new ChangeCardReaderHandler(deviceStore(devices, publisher), clock),
    activate: new ActivateDeviceHandler(deviceStore(devices, publisher), clock, TEST_DEVICE_KEYS),
    suspend: new SuspendDeviceHandler(deviceStore(devices, publisher), clock),
    retire: new RetireDeviceHandler(deviceStore(devices, publisher), clock),
    rotate: new RotateCredentialHandler(deviceStore(devices, publisher), clock, TEST_DEVICE_KEYS),
    getDevice: new GetDeviceHandler(devices),
    listDevices: new ListDevicesHandler(devices),
    heartbeat: new RecordHeartbeatHandler(deviceStore(devices, publisher), clock),
    sweep: new ReportOfflineDevicesHandler(deviceStore(devices, publisher), devices, clock, 90_000),
  };
}

export type Registry = ReturnType<typeof registry>;

/** An active institution with a bus (`bus-01`), the common ground of the device specs. */
export async function withBus(r: Registry, plate = '品川 800 さ 12-34'): Promise<void> {
  await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
  await r.registerSite.execute({ kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate, itinerary: [] }, 'c');
}
