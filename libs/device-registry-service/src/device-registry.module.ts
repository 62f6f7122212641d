import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryNonceStore, type NonceStore } from '@hcv/platform-access';
import { consumerControllers } from '@hcv/messaging';
import { MongoNonceStore } from '@hcv/platform-access';
import { type Outbox } from '@hcv/persistence';
import { deviceRegistryOpenApi } from './device-registry.openapi';
import { runEvery, byStorage, storedIn, outboxRelayProvider, OutboxRelayRunner, OUTBOX_RELAY, HealthModule, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { DEVICE_CREDENTIALS, DeviceAuthGuard, type DeviceCredentials } from '@hcv/platform-access';
import { ApiDocsModule } from '@hcv/platform-http';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { deviceStore, type DeviceStore } from './persistence/device.store';
import { InMemoryDeviceRepository } from './persistence/device.memory';
import { MongoDeviceRepository } from './persistence/device.mongo';
import type { DeviceRepository } from './persistence/device.repository';
import { DevicesHttpController } from './devices.http.controller';
import { institutionStore, type InstitutionStore } from './persistence/institution.store';
import { InMemoryInstitutionRepository } from './persistence/institution.memory';
import { MongoInstitutionRepository } from './persistence/institution.mongo';
import type { InstitutionRepository } from './persistence/institution.repository';
import { InstitutionsHttpController } from './institutions.http.controller';
import { IntroduceInsurerHandler } from './introduce-insurer/introduce-insurer.handler';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { RegisterSiteHandler } from './register-site/register-site.handler';
import { ReportOfflineDevicesHandler } from './report-offline-devices/report-offline-devices.handler';
import { RetireDeviceHandler } from './retire-device/retire-device.handler';
import { RotateCredentialHandler } from './rotate-credential/rotate-credential.handler';
import { SetItineraryHandler } from './set-itinerary/set-itinerary.handler';
import { siteStore, type SiteStore } from './persistence/site.store';
import { InMemorySiteRepository } from './persistence/site.memory';
import { MongoSiteRepository } from './persistence/site.mongo';
import type { SiteRepository } from './persistence/site.repository';
import { DEVICE_REGISTRY_TOPICS } from './device-registry.topics';
import { SuspendDeviceHandler } from './suspend-device/suspend-device.handler';
import { WithdrawInsurerHandler } from './withdraw-insurer/withdraw-insurer.handler';
import { DEVICE_REPOSITORY, DEVICE_STORE, INSTITUTION_REPOSITORY, INSTITUTION_STORE, SITE_REPOSITORY, SITE_STORE } from './tokens';

export interface DeviceRegistryOptions {
  /** A device silent this long is reported offline. */
  offlineAfterMillis?: number;
  sweepEveryMillis?: number;
}

@Injectable()
class OfflineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly reportOffline: ReportOfflineDevicesHandler,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject('SWEEP_EVERY') private readonly every: number,
  ) {}
  onApplicationBootstrap() {
    this.stop = runEvery(this.every, () => this.reportOffline.execute(), this.runtime.logger, 'heartbeat sweep');
  }
  onApplicationShutdown() {
    this.stop?.();
  }
}

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class DeviceRegistryModule {
  static register(runtime: ServiceRuntime, options: DeviceRegistryOptions = {}): DynamicModule {
    const offlineAfter = options.offlineAfterMillis ?? Number(process.env.HEARTBEAT_OFFLINE_AFTER_MS ?? 90_000);
    const sweepEvery = options.sweepEveryMillis ?? Math.max(250, Math.min(5_000, Math.floor(offlineAfter / 3)));
    const { clock } = runtime;
    return {
      module: DeviceRegistryModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(deviceRegistryOpenApi)],
      controllers: [DevicesHttpController, InstitutionsHttpController, ...consumerControllers(DEVICE_REGISTRY_TOPICS)],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: 'SWEEP_EVERY', useValue: sweepEvery },
        { provide: DEVICE_REPOSITORY, ...storedIn<DeviceRepository>(runtime, (c) => new MongoDeviceRepository(c), () => new InMemoryDeviceRepository()) },
        { provide: INSTITUTION_REPOSITORY, ...storedIn<InstitutionRepository>(runtime, (c) => new MongoInstitutionRepository(c), () => new InMemoryInstitutionRepository()) },
        { provide: SITE_REPOSITORY, ...storedIn<SiteRepository>(runtime, (c) => new MongoSiteRepository(c), () => new InMemorySiteRepository()) },
        {
          provide: DEVICE_CREDENTIALS,
          inject: [DEVICE_REPOSITORY],
          useFactory: (devices: DeviceRepository): DeviceCredentials => ({
            lookup: async (id) => {
              const d = await devices.get(id);
              return d ? { deviceId: d.deviceId, state: d.state, signingKey: d.credential?.signingKey } : null;
            },
            nonces: byStorage<NonceStore>(runtime.storage, { mongo: (c) => new MongoNonceStore(c), memory: () => new InMemoryNonceStore() }),
          }),
        },
        DeviceAuthGuard,
        outboxRelayProvider(runtime, [DEVICE_REPOSITORY, SITE_REPOSITORY, INSTITUTION_REPOSITORY], (d: DeviceRepository, s: SiteRepository, i: InstitutionRepository) => [
          i.outbox,
          s.outbox,
          d.outbox,
        ]),
        OutboxRelayRunner,
        { provide: DEVICE_STORE, inject: [DEVICE_REPOSITORY, OUTBOX_RELAY], useFactory: (d: DeviceRepository, o: Outbox) => deviceStore(d, o) },
        { provide: INSTITUTION_STORE, inject: [INSTITUTION_REPOSITORY, OUTBOX_RELAY], useFactory: (i: InstitutionRepository, o: Outbox) => institutionStore(i, o) },
        { provide: SITE_STORE, inject: [SITE_REPOSITORY, OUTBOX_RELAY], useFactory: (s: SiteRepository, o: Outbox) => siteStore(s, o) },
        {
          provide: RegisterDeviceHandler,
          inject: [DEVICE_STORE, INSTITUTION_STORE, SITE_STORE],
          useFactory: (d: DeviceStore, i: InstitutionStore, s: SiteStore) => new RegisterDeviceHandler(d, i, s, clock),
        },
        { provide: ActivateDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new ActivateDeviceHandler(d, clock) },
        { provide: SuspendDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new SuspendDeviceHandler(d, clock) },
        { provide: RetireDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RetireDeviceHandler(d, clock) },
        { provide: RotateCredentialHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RotateCredentialHandler(d, clock) },
        { provide: RecordHeartbeatHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RecordHeartbeatHandler(d, clock) },
        {
          provide: ReportOfflineDevicesHandler,
          inject: [DEVICE_STORE, DEVICE_REPOSITORY],
          useFactory: (s: DeviceStore, d: DeviceRepository) => new ReportOfflineDevicesHandler(s, d, clock, offlineAfter),
        },
        { provide: RegisterInstitutionHandler, inject: [INSTITUTION_STORE], useFactory: (i: InstitutionStore) => new RegisterInstitutionHandler(i, clock) },
        {
          provide: IntroduceInsurerHandler,
          inject: [INSTITUTION_STORE, INSTITUTION_REPOSITORY],
          useFactory: (s: InstitutionStore, i: InstitutionRepository) => new IntroduceInsurerHandler(s, i, clock),
        },
        {
          provide: WithdrawInsurerHandler,
          inject: [INSTITUTION_STORE, DEVICE_STORE, DEVICE_REPOSITORY],
          useFactory: (i: InstitutionStore, s: DeviceStore, d: DeviceRepository) => new WithdrawInsurerHandler(i, s, d, clock),
        },
        { provide: RegisterSiteHandler, inject: [SITE_STORE, INSTITUTION_STORE], useFactory: (s: SiteStore, i: InstitutionStore) => new RegisterSiteHandler(s, i, clock) },
        { provide: SetItineraryHandler, inject: [SITE_STORE], useFactory: (s: SiteStore) => new SetItineraryHandler(s) },
        OfflineSweeper,
      ],
    };
  }
}
