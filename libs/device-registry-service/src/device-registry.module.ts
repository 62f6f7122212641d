import { Module, type DynamicModule } from '@nestjs/common';
import { consumerControllers } from '@hcv/messaging';
import { type Outbox } from '@hcv/persistence';
import {
  DEVICE_CREDENTIALS,
  DeviceAuthGuard,
  DeviceOrStaffGuard,
  InMemoryNonceStore,
  MongoNonceStore,
  type NonceStore,
} from '@hcv/platform-access';
import { ApiDocsModule, ROUTE_CORS, type RouteCorsRule } from '@hcv/platform-http';
import {
  byStorage,
  HealthModule,
  OUTBOX_RELAY,
  outboxRelayProvider,
  OutboxRelayRunner,
  RUNTIME,
  storedIn,
  type ServiceRuntime,
} from '@hcv/platform-runtime';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { ActivateDeviceHttpController } from './activate-device/activate-device.http.controller';
import { ChangeCardReaderHandler } from './change-card-reader/change-card-reader.handler';
import { ChangeCardReaderHttpController } from './change-card-reader/change-card-reader.http.controller';
import { deviceCredentials } from './adapters/device-credentials';
import { loadDeviceRegistryConfig, type DeviceRegistryConfig, type DeviceRegistryOptions } from './device-registry.config';
import { deviceRegistryOpenApi } from './device-registry.openapi';
import { DEVICE_REGISTRY_TOPICS } from './device-registry.topics';
import { GetDeviceHandler } from './get-device/get-device.handler';
import { GetDeviceHttpController } from './get-device/get-device.http.controller';
import { GetInstitutionHandler } from './get-institution/get-institution.handler';
import { GetInstitutionHttpController } from './get-institution/get-institution.http.controller';
import { GetInsurerHandler } from './get-insurer/get-insurer.handler';
import { GetInsurerHttpController } from './get-insurer/get-insurer.http.controller';
import { GetSiteHandler } from './get-site/get-site.handler';
import { GetSiteHttpController } from './get-site/get-site.http.controller';
import { IntroduceInsurerHandler } from './introduce-insurer/introduce-insurer.handler';
import { IntroduceInsurerHttpController } from './introduce-insurer/introduce-insurer.http.controller';
import { ListDevicesHandler } from './list-devices/list-devices.handler';
import { ListDevicesHttpController } from './list-devices/list-devices.http.controller';
import { ListImplementingInstitutionsHandler } from './list-implementing-institutions/list-implementing-institutions.handler';
import { ListImplementingInstitutionsHttpController } from './list-implementing-institutions/list-implementing-institutions.http.controller';
import { InMemoryDeviceRepository } from './persistence/device.memory';
import { MongoDeviceRepository } from './persistence/device.mongo';
import type { DeviceRepository } from './persistence/device.repository';
import { deviceStore, type DeviceStore } from './persistence/device.store';
import { InMemoryInstitutionRepository } from './persistence/institution.memory';
import { MongoInstitutionRepository } from './persistence/institution.mongo';
import type { InstitutionRepository } from './persistence/institution.repository';
import { institutionStore, type InstitutionStore } from './persistence/institution.store';
import { InMemoryInsurerRepository } from './persistence/insurer.memory';
import { MongoInsurerRepository } from './persistence/insurer.mongo';
import type { InsurerRepository } from './persistence/insurer.repository';
import { insurerStore, type InsurerStore } from './persistence/insurer.store';
import { migrateLegacyInsurerCodes } from './persistence/legacy-insurer-codes.mongo';
import { InMemorySiteRepository } from './persistence/site.memory';
import { MongoSiteRepository } from './persistence/site.mongo';
import type { SiteRepository } from './persistence/site.repository';
import { siteStore, type SiteStore } from './persistence/site.store';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RecordHeartbeatHttpController } from './record-heartbeat/record-heartbeat.http.controller';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { RegisterDeviceHttpController } from './register-device/register-device.http.controller';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { RegisterInstitutionHttpController } from './register-institution/register-institution.http.controller';
import { RegisterSiteHandler } from './register-site/register-site.handler';
import { RegisterSiteHttpController } from './register-site/register-site.http.controller';
import { ReportOfflineDevicesHandler } from './report-offline-devices/report-offline-devices.handler';
import { OfflineSweeper } from './report-offline-devices/report-offline-devices.scheduler';
import { RetireDeviceHandler } from './retire-device/retire-device.handler';
import { RetireDeviceHttpController } from './retire-device/retire-device.http.controller';
import { RotateCredentialHandler } from './rotate-credential/rotate-credential.handler';
import { RotateCredentialHttpController } from './rotate-credential/rotate-credential.http.controller';
import { SetItineraryHandler } from './set-itinerary/set-itinerary.handler';
import { SetItineraryHttpController } from './set-itinerary/set-itinerary.http.controller';
import { SuspendDeviceHandler } from './suspend-device/suspend-device.handler';
import { SuspendDeviceHttpController } from './suspend-device/suspend-device.http.controller';
import {
  ACTIVATION_CODE_REPOSITORY,
  DEVICE_REGISTRY_CONFIG,
  DEVICE_REPOSITORY,
  DEVICE_STORE,
  INSTITUTION_REPOSITORY,
  INSTITUTION_STORE,
  INSURER_REPOSITORY,
  INSURER_STORE,
  SITE_REPOSITORY,
  SITE_STORE,
  TOUR_READINESS_REPOSITORY,
  TOUR_READINESS_STORE,
} from './tokens';
import { IssueActivationCodeHandler } from './issue-activation-code/issue-activation-code.handler';
import { IssueActivationCodeHttpController } from './issue-activation-code/issue-activation-code.http.controller';
import { InMemoryActivationCodeRepository } from './persistence/activation-code.memory';
import { MongoActivationCodeRepository } from './persistence/activation-code.mongo';
import type { ActivationCodeRepository } from './persistence/activation-code.repository';
import { RedeemActivationCodeHandler } from './redeem-activation-code/redeem-activation-code.handler';
import { RedeemActivationCodeHttpController } from './redeem-activation-code/redeem-activation-code.http.controller';
import { CheckTourReadinessHandler } from './check-tour-readiness/check-tour-readiness.handler';
import { CheckTourReadinessHttpController } from './check-tour-readiness/check-tour-readiness.http.controller';
import { GetTourHandler } from './get-tour/get-tour.handler';
import { GetTourHttpController } from './get-tour/get-tour.http.controller';
import { GetTourReadinessHandler } from './get-tour-readiness/get-tour-readiness.handler';
import { GetTourReadinessHttpController } from './get-tour-readiness/get-tour-readiness.http.controller';
import { MarkTourReadyHandler } from './mark-tour-ready/mark-tour-ready.handler';
import { MarkTourReadyHttpController } from './mark-tour-ready/mark-tour-ready.http.controller';
import { InMemoryTourReadinessRepository } from './persistence/tour-readiness.memory';
import { MongoTourReadinessRepository } from './persistence/tour-readiness.mongo';
import type { TourReadinessRepository } from './persistence/tour-readiness.repository';
import { tourReadinessStore, type TourReadinessStore } from './persistence/tour-readiness.store';
import { WithdrawInsurerHandler } from './withdraw-insurer/withdraw-insurer.handler';
import { WithdrawInsurerHttpController } from './withdraw-insurer/withdraw-insurer.http.controller';

/** The paths the reception app calls from its own origin: redeeming a code, and the device-signed routes. */
const RECEPTION_PATHS = [/^\/device-activations$/, /^\/devices\/[^/]+\/heartbeat$/, /^\/tours\//];

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class DeviceRegistryModule {
  static register(runtime: ServiceRuntime, options: DeviceRegistryOptions = {}): DynamicModule {
    const config = loadDeviceRegistryConfig(options);
    const { clock } = runtime;
    return {
      module: DeviceRegistryModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(deviceRegistryOpenApi)],
      controllers: [
        RegisterInstitutionHttpController,
        GetInstitutionHttpController,
        GetInsurerHttpController,
        IntroduceInsurerHttpController,
        WithdrawInsurerHttpController,
        ListImplementingInstitutionsHttpController,
        RegisterSiteHttpController,
        SetItineraryHttpController,
        GetSiteHttpController,
        RegisterDeviceHttpController,
        ActivateDeviceHttpController,
        SuspendDeviceHttpController,
        RetireDeviceHttpController,
        RotateCredentialHttpController,
        ChangeCardReaderHttpController,
        RecordHeartbeatHttpController,
        GetDeviceHttpController,
        ListDevicesHttpController,
        IssueActivationCodeHttpController,
        RedeemActivationCodeHttpController,
        GetTourHttpController,
        GetTourReadinessHttpController,
        CheckTourReadinessHttpController,
        MarkTourReadyHttpController,
        ...consumerControllers(DEVICE_REGISTRY_TOPICS),
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: DEVICE_REGISTRY_CONFIG, useValue: config },
        // The reception app (another origin than this service) calls the device routes and redeems its code.
        {
          provide: ROUTE_CORS,
          useValue: [{ origins: config.receptionOrigins, paths: RECEPTION_PATHS }] satisfies RouteCorsRule[],
        },
        {
          provide: ACTIVATION_CODE_REPOSITORY,
          ...storedIn<ActivationCodeRepository>(
            runtime,
            (c) => new MongoActivationCodeRepository(c),
            () => new InMemoryActivationCodeRepository(),
          ),
        },
        {
          provide: DEVICE_REPOSITORY,
          ...storedIn<DeviceRepository>(
            runtime,
            (c) => new MongoDeviceRepository(c),
            () => new InMemoryDeviceRepository(),
          ),
        },
        {
          provide: INSTITUTION_REPOSITORY,
          ...storedIn<InstitutionRepository>(
            runtime,
            (c) => new MongoInstitutionRepository(c),
            () => new InMemoryInstitutionRepository(),
          ),
        },
        {
          provide: INSURER_REPOSITORY,
          // Data written before insurers were kept apart is moved first (idempotent; see the function).
          ...storedIn<InsurerRepository | Promise<InsurerRepository>>(
            runtime,
            async (c) => (await migrateLegacyInsurerCodes(c), new MongoInsurerRepository(c)),
            () => new InMemoryInsurerRepository(),
          ),
        },
        {
          provide: SITE_REPOSITORY,
          ...storedIn<SiteRepository>(
            runtime,
            (c) => new MongoSiteRepository(c),
            () => new InMemorySiteRepository(),
          ),
        },
        {
          provide: TOUR_READINESS_REPOSITORY,
          ...storedIn<TourReadinessRepository>(
            runtime,
            (c) => new MongoTourReadinessRepository(c),
            () => new InMemoryTourReadinessRepository(),
          ),
        },
        {
          provide: DEVICE_CREDENTIALS,
          inject: [DEVICE_REPOSITORY],
          useFactory: (devices: DeviceRepository) =>
            deviceCredentials(
              devices,
              byStorage<NonceStore>(runtime.storage, { mongo: (c) => new MongoNonceStore(c), memory: () => new InMemoryNonceStore() }),
            ),
        },
        DeviceAuthGuard,
        DeviceOrStaffGuard,
        outboxRelayProvider(
          runtime,
          [DEVICE_REPOSITORY, SITE_REPOSITORY, INSTITUTION_REPOSITORY, INSURER_REPOSITORY, TOUR_READINESS_REPOSITORY],
          (d: DeviceRepository, s: SiteRepository, i: InstitutionRepository, e: InsurerRepository, t: TourReadinessRepository) => [
            i.outbox,
            e.outbox,
            s.outbox,
            d.outbox,
            t.outbox,
          ],
        ),
        OutboxRelayRunner,
        {
          provide: DEVICE_STORE,
          inject: [DEVICE_REPOSITORY, OUTBOX_RELAY],
          useFactory: (d: DeviceRepository, o: Outbox) => deviceStore(d, o),
        },
        {
          provide: INSTITUTION_STORE,
          inject: [INSTITUTION_REPOSITORY, OUTBOX_RELAY],
          useFactory: (i: InstitutionRepository, o: Outbox) => institutionStore(i, o),
        },
        {
          provide: INSURER_STORE,
          inject: [INSURER_REPOSITORY, OUTBOX_RELAY],
          useFactory: (e: InsurerRepository, o: Outbox) => insurerStore(e, o),
        },
        { provide: SITE_STORE, inject: [SITE_REPOSITORY, OUTBOX_RELAY], useFactory: (s: SiteRepository, o: Outbox) => siteStore(s, o) },
        // Institutions and insurers
        {
          provide: RegisterInstitutionHandler,
          inject: [INSTITUTION_STORE],
          useFactory: (i: InstitutionStore) => new RegisterInstitutionHandler(i, clock),
        },
        {
          provide: GetInstitutionHandler,
          inject: [INSTITUTION_REPOSITORY],
          useFactory: (i: InstitutionRepository) => new GetInstitutionHandler(i),
        },
        {
          provide: IntroduceInsurerHandler,
          inject: [INSURER_STORE, INSURER_REPOSITORY],
          useFactory: (s: InsurerStore, e: InsurerRepository) => new IntroduceInsurerHandler(s, e, clock),
        },
        {
          provide: GetInsurerHandler,
          inject: [INSURER_REPOSITORY],
          useFactory: (e: InsurerRepository) => new GetInsurerHandler(e, clock),
        },
        {
          provide: WithdrawInsurerHandler,
          inject: [INSURER_STORE, INSURER_REPOSITORY, DEVICE_STORE, DEVICE_REPOSITORY],
          useFactory: (s: InsurerStore, e: InsurerRepository, ds: DeviceStore, d: DeviceRepository) =>
            new WithdrawInsurerHandler(s, e, ds, d, clock),
        },
        {
          provide: ListImplementingInstitutionsHandler,
          inject: [INSTITUTION_REPOSITORY, INSURER_REPOSITORY, DEVICE_REPOSITORY],
          useFactory: (i: InstitutionRepository, e: InsurerRepository, d: DeviceRepository) =>
            new ListImplementingInstitutionsHandler(i, e, d, clock),
        },
        // Sites
        {
          provide: RegisterSiteHandler,
          inject: [SITE_STORE, INSTITUTION_STORE, INSURER_STORE],
          useFactory: (s: SiteStore, i: InstitutionStore, e: InsurerStore) => new RegisterSiteHandler(s, i, e, clock),
        },
        { provide: SetItineraryHandler, inject: [SITE_STORE], useFactory: (s: SiteStore) => new SetItineraryHandler(s, clock) },
        { provide: GetSiteHandler, inject: [SITE_REPOSITORY], useFactory: (s: SiteRepository) => new GetSiteHandler(s) },
        // Devices
        {
          provide: RegisterDeviceHandler,
          inject: [DEVICE_STORE, INSTITUTION_STORE, INSURER_STORE, SITE_STORE],
          useFactory: (d: DeviceStore, i: InstitutionStore, e: InsurerStore, s: SiteStore) => new RegisterDeviceHandler(d, i, e, s, clock),
        },
        { provide: ActivateDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new ActivateDeviceHandler(d, clock) },
        { provide: SuspendDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new SuspendDeviceHandler(d, clock) },
        { provide: RetireDeviceHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RetireDeviceHandler(d, clock) },
        { provide: RotateCredentialHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RotateCredentialHandler(d, clock) },
        {
          provide: ChangeCardReaderHandler,
          inject: [DEVICE_STORE],
          useFactory: (d: DeviceStore) => new ChangeCardReaderHandler(d, clock),
        },
        {
          provide: IssueActivationCodeHandler,
          inject: [DEVICE_REPOSITORY, ACTIVATION_CODE_REPOSITORY],
          useFactory: (d: DeviceRepository, a: ActivationCodeRepository) =>
            new IssueActivationCodeHandler(d, a, clock, config.activationCodeTtlMinutes),
        },
        {
          provide: RedeemActivationCodeHandler,
          inject: [ACTIVATION_CODE_REPOSITORY, DEVICE_REPOSITORY, SITE_REPOSITORY, ActivateDeviceHandler, RotateCredentialHandler],
          useFactory: (
            a: ActivationCodeRepository,
            d: DeviceRepository,
            s: SiteRepository,
            act: ActivateDeviceHandler,
            rot: RotateCredentialHandler,
          ) => new RedeemActivationCodeHandler(a, d, s, act, rot, clock, config.activationLimits),
        },
        { provide: GetDeviceHandler, inject: [DEVICE_REPOSITORY], useFactory: (d: DeviceRepository) => new GetDeviceHandler(d) },
        { provide: ListDevicesHandler, inject: [DEVICE_REPOSITORY], useFactory: (d: DeviceRepository) => new ListDevicesHandler(d) },
        // Heartbeats
        { provide: RecordHeartbeatHandler, inject: [DEVICE_STORE], useFactory: (d: DeviceStore) => new RecordHeartbeatHandler(d, clock) },
        {
          provide: ReportOfflineDevicesHandler,
          inject: [DEVICE_STORE, DEVICE_REPOSITORY, DEVICE_REGISTRY_CONFIG],
          useFactory: (s: DeviceStore, d: DeviceRepository, c: DeviceRegistryConfig) =>
            new ReportOfflineDevicesHandler(s, d, clock, c.offlineAfterMillis),
        },
        OfflineSweeper,
        // Buses: the pre-tour readiness check
        {
          provide: TOUR_READINESS_STORE,
          inject: [TOUR_READINESS_REPOSITORY, OUTBOX_RELAY],
          useFactory: (t: TourReadinessRepository, o: Outbox) => tourReadinessStore(t, o),
        },
        {
          provide: GetTourHandler,
          inject: [SITE_REPOSITORY, DEVICE_REPOSITORY],
          useFactory: (s: SiteRepository, d: DeviceRepository) => new GetTourHandler(s, d),
        },
        {
          provide: GetTourReadinessHandler,
          inject: [SITE_REPOSITORY, DEVICE_REPOSITORY, TOUR_READINESS_REPOSITORY],
          useFactory: (s: SiteRepository, d: DeviceRepository, t: TourReadinessRepository) => new GetTourReadinessHandler(s, d, t),
        },
        {
          provide: CheckTourReadinessHandler,
          inject: [SITE_REPOSITORY, DEVICE_REPOSITORY, TOUR_READINESS_STORE, DEVICE_REGISTRY_CONFIG],
          useFactory: (s: SiteRepository, d: DeviceRepository, t: TourReadinessStore, c: DeviceRegistryConfig) =>
            new CheckTourReadinessHandler(s, d, t, clock, c.clockToleranceMillis),
        },
        {
          provide: MarkTourReadyHandler,
          inject: [SITE_REPOSITORY, DEVICE_REPOSITORY, TOUR_READINESS_STORE],
          useFactory: (s: SiteRepository, d: DeviceRepository, t: TourReadinessStore) => new MarkTourReadyHandler(s, d, t, clock),
        },
      ],
    };
  }
}
