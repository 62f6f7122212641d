import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryNonceStore, type NonceStore } from '@hcv/device-auth';
import { consumerControllers } from '@hcv/messaging';
import { MongoNonceStore, type Outbox } from '@hcv/persistence';
import { deviceRegistryOpenApi } from './device-registry.openapi';
import { runEvery, byStorage, storedIn, outboxRelayProvider, OutboxRelayRunner, OUTBOX_RELAY, DEVICE_CREDENTIALS, DeviceAuthGuard, HealthModule, ApiDocsModule, RUNTIME, type DeviceCredentials, type ServiceRuntime } from '@hcv/service-kit';
import { DeviceLifecycle } from './device-lifecycle/device-lifecycle.handlers';
import { InMemoryDeviceRepository, MongoDeviceRepository, type DeviceRepository } from './devices/device.repository';
import { DevicesHttpController } from './devices.http.controller';
import { HeartbeatMonitor } from './heartbeats/heartbeat-monitor';
import { InstitutionHandlers } from './institutions/institution.handlers';
import { InMemoryInstitutionRepository, MongoInstitutionRepository, type InstitutionRepository } from './institutions/institution.repository';
import { InstitutionsHttpController } from './institutions.http.controller';
import { InMemorySiteRepository, MongoSiteRepository, type SiteRepository } from './sites/site.repository';
import { SiteHandlers } from './sites/site.handlers';
import { DEVICE_REGISTRY_TOPICS } from './device-registry.topics';
import { DEVICE_REPOSITORY, INSTITUTION_REPOSITORY, SITE_REPOSITORY } from './tokens';

export interface DeviceRegistryOptions {
  /** A device silent this long is reported offline. */
  offlineAfterMillis?: number;
  sweepEveryMillis?: number;
}

@Injectable()
class OfflineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly monitor: HeartbeatMonitor,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject('SWEEP_EVERY') private readonly every: number,
  ) {}
  onApplicationBootstrap() {
    this.stop = runEvery(this.every, () => this.monitor.sweep(), this.runtime.logger, 'heartbeat sweep');
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
        {
          provide: DeviceLifecycle,
          inject: [DEVICE_REPOSITORY, SITE_REPOSITORY, INSTITUTION_REPOSITORY, OUTBOX_RELAY],
          useFactory: (d: DeviceRepository, s: SiteRepository, i: InstitutionRepository, o: Outbox) => new DeviceLifecycle(d, s, i, o, clock),
        },
        {
          provide: InstitutionHandlers,
          inject: [INSTITUTION_REPOSITORY, DEVICE_REPOSITORY, OUTBOX_RELAY],
          useFactory: (i: InstitutionRepository, d: DeviceRepository, o: Outbox) => new InstitutionHandlers(i, d, o, clock),
        },
        {
          provide: SiteHandlers,
          inject: [SITE_REPOSITORY, INSTITUTION_REPOSITORY, OUTBOX_RELAY],
          useFactory: (s: SiteRepository, i: InstitutionRepository, o: Outbox) => new SiteHandlers(s, i, o, clock),
        },
        {
          provide: HeartbeatMonitor,
          inject: [DEVICE_REPOSITORY, OUTBOX_RELAY],
          useFactory: (d: DeviceRepository, o: Outbox) => new HeartbeatMonitor(d, o, clock, offlineAfter),
        },
        OfflineSweeper,
      ],
    };
  }
}
