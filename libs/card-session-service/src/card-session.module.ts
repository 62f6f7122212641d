import { Module, type DynamicModule } from '@nestjs/common';
import { consumerControllers } from '@hcv/messaging';
import { type Outbox } from '@hcv/persistence';
import {
  DEVICE_CREDENTIALS,
  DeviceAuthGuard,
  InMemoryNonceStore,
  MongoNonceStore,
  PENDING_NONCE_FALLBACK,
  type DeviceCredentials,
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
import { CancelSessionHandler } from './cancel-session/cancel-session.handler';
import { CancelSessionHttpController } from './cancel-session/cancel-session.http.controller';
import { cardSessionConfig, type CardSessionOptions } from './card-session.config';
import { cardSessionOpenApi } from './card-session.openapi';
import { CARD_SESSION_TOPICS } from './card-session.topics';
import { ExpireSessionsHandler } from './expire-sessions/expire-sessions.handler';
import { ExpireSessionsScheduler, expirySweepInterval } from './expire-sessions/expire-sessions.scheduler';
import { GetSessionHandler } from './get-session/get-session.handler';
import { GetSessionHttpController } from './get-session/get-session.http.controller';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { OpenSessionHttpController } from './open-session/open-session.http.controller';
import { CachedDeviceDirectory } from './persistence/cached-device-directory';
import { InMemoryDeviceDirectory } from './persistence/device-directory.memory';
import { MongoDeviceDirectory } from './persistence/device-directory.mongo';
import type { DeviceDirectory } from './persistence/device-directory.repository';
import { RecentSessions } from './persistence/recent-sessions';
import { sessionNonceFallback, sessionStore, type SessionStore } from './persistence/session-store';
import { InMemorySessionRepository } from './persistence/session.memory';
import { MongoSessionRepository } from './persistence/session.mongo';
import type { SessionRepository } from './persistence/session.repository';
import { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
import { PresentVoucherHttpController } from './present-voucher/present-voucher.http.controller';
import { RecordAlternativeHandler } from './record-alternative/record-alternative.handler';
import { RecordAlternativeHttpController } from './record-alternative/record-alternative.http.controller';
import { RecordOutcomeHandler } from './record-outcome/record-outcome.handler';
import { SubmitCapturedSessionHandler } from './submit-captured-session/submit-captured-session.handler';
import { SubmitCapturedSessionHttpController } from './submit-captured-session/submit-captured-session.http.controller';
import { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
import { ReportCardProblemHandler } from './report-card-problem/report-card-problem.handler';
import { ReportCardProblemHttpController } from './report-card-problem/report-card-problem.http.controller';
import { RequestSettlementHandler } from './request-settlement/request-settlement.handler';
import { RequestSettlementHttpController } from './request-settlement/request-settlement.http.controller';
import { VerifyIdentityHandler } from './verify-identity/verify-identity.handler';
import { VerifyIdentityHttpController } from './verify-identity/verify-identity.http.controller';
import { SubmitCardReadHttpController } from './submit-card-read/submit-card-read.http.controller';
import { defaultReceptionDir, ReceptionFiles } from './serve-reception/reception-files';
import { ServeReceptionHttpController, type ReceptionApp } from './serve-reception/serve-reception.http.controller';
import {
  CARD_SESSION_CONFIG,
  DEVICE_DIRECTORY,
  RECEPTION_APP,
  SESSION_REPOSITORY,
  NONCE_STORE,
  SESSION_STORE,
  SESSION_STREAM_SETTINGS,
  SITE_DIRECTORY,
} from './tokens';
import { GetOwnDeviceHandler } from './get-own-device/get-own-device.handler';
import { GetOwnDeviceHttpController } from './get-own-device/get-own-device.http.controller';
import { InMemorySiteDirectory } from './persistence/site-directory.memory';
import { MongoSiteDirectory } from './persistence/site-directory.mongo';
import type { SiteDirectory } from './persistence/site-directory.repository';
import { ReceptionConfigHttpController } from './reception-config/reception-config.http.controller';
import { notifyingSessionRepository, SessionChanges } from './stream-session/session-changes';
import { StreamSessionHttpController } from './stream-session/stream-session.http.controller';
import { TrackSitesHandler } from './track-sites/track-sites.handler';
import { TrackDevicesHandler } from './track-devices/track-devices.handler';

/** The paths the reception app calls from a browser: the device routes (sessions, the device itself) and its settings. */
const RECEPTION_PATHS = [/^\/sessions(\/|$)/, /^\/devices\/self$/, /^\/reception\/config\.json$/];

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory); the options override the environment. */
@Module({})
export class CardSessionModule {
  static register(runtime: ServiceRuntime, options: CardSessionOptions = {}): DynamicModule {
    const { clock } = runtime;
    const config = cardSessionConfig(options);
    return {
      module: CardSessionModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(cardSessionOpenApi)],
      controllers: [
        OpenSessionHttpController,
        SubmitCapturedSessionHttpController,
        SubmitCardReadHttpController,
        ReportCardProblemHttpController,
        VerifyIdentityHttpController,
        PresentVoucherHttpController,
        RecordAlternativeHttpController,
        CancelSessionHttpController,
        RequestSettlementHttpController,
        GetSessionHttpController,
        StreamSessionHttpController,
        GetOwnDeviceHttpController,
        ReceptionConfigHttpController,
        ServeReceptionHttpController,
        ...consumerControllers(CARD_SESSION_TOPICS),
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: CARD_SESSION_CONFIG, useValue: config },
        // The reception app (served here, possibly under another public origin) calls the device routes.
        {
          provide: ROUTE_CORS,
          useValue: [{ origins: config.reception.origins, paths: RECEPTION_PATHS }] satisfies RouteCorsRule[],
        },
        { provide: SESSION_STREAM_SETTINGS, useValue: config.sessionStream },
        // Every write this replica stores tells the session streams open here.
        { provide: SessionChanges, useValue: new SessionChanges() },
        {
          provide: RECEPTION_APP,
          useValue: {
            files: new ReceptionFiles(config.receptionDir ?? defaultReceptionDir()),
            connectSources: () => [config.reception.deviceRegistryUrl()],
          } satisfies ReceptionApp,
        },
        {
          provide: SESSION_REPOSITORY,
          inject: [SessionChanges],
          useFactory: (changes: SessionChanges) =>
            notifyingSessionRepository(
              byStorage<SessionRepository>(runtime.storage, {
                mongo: (c) => new MongoSessionRepository(c),
                memory: () => new InMemorySessionRepository(),
              }),
              changes,
            ),
        },
        {
          provide: SITE_DIRECTORY,
          ...storedIn<SiteDirectory>(
            runtime,
            (c) => new MongoSiteDirectory(c),
            () => new InMemorySiteDirectory(),
          ),
        },
        // The database directory is read through a short-lived cache (see CachedDeviceDirectory for the bound).
        {
          provide: DEVICE_DIRECTORY,
          ...storedIn<DeviceDirectory>(
            runtime,
            (c) => new CachedDeviceDirectory(new MongoDeviceDirectory(c)),
            () => new InMemoryDeviceDirectory(),
          ),
        },
        { provide: RecentSessions, useFactory: () => new RecentSessions() },
        {
          provide: NONCE_STORE,
          useFactory: () =>
            byStorage<NonceStore>(runtime.storage, {
              mongo: (c) => new MongoNonceStore(c),
              memory: () => new InMemoryNonceStore(),
            }),
        },
        {
          provide: DEVICE_CREDENTIALS,
          inject: [DEVICE_DIRECTORY, NONCE_STORE],
          useFactory: (devices: DeviceDirectory, nonces: NonceStore): DeviceCredentials => ({
            lookup: async (id) => {
              const d = await devices.get(id);
              return d?.state ? { deviceId: d.deviceId, state: d.state, signingKey: d.signingKey } : null;
            },
            nonces,
          }),
        },
        // Session opens and steps record their request's nonce with the session's write (@NonceRecordedByWrite).
        {
          provide: PENDING_NONCE_FALLBACK,
          inject: [SESSION_REPOSITORY],
          useFactory: (s: SessionRepository) => sessionNonceFallback(s),
        },
        DeviceAuthGuard,
        outboxRelayProvider(runtime, [SESSION_REPOSITORY], (s: SessionRepository) => [s.outbox]),
        OutboxRelayRunner,
        {
          provide: SESSION_STORE,
          inject: [SESSION_REPOSITORY, OUTBOX_RELAY, RecentSessions],
          useFactory: (s: SessionRepository, o: Outbox, r: RecentSessions) => sessionStore(s, o, r),
        },
        {
          provide: OpenSessionHandler,
          inject: [SESSION_STORE, DEVICE_DIRECTORY],
          useFactory: (s: SessionStore, d: DeviceDirectory) => new OpenSessionHandler(s, d, clock),
        },
        { provide: SubmitCardReadHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new SubmitCardReadHandler(s, clock) },
        {
          provide: ReportCardProblemHandler,
          inject: [SESSION_STORE],
          useFactory: (s: SessionStore) => new ReportCardProblemHandler(s, clock),
        },
        {
          provide: VerifyIdentityHandler,
          inject: [SESSION_STORE],
          useFactory: (s: SessionStore) => new VerifyIdentityHandler(s, clock),
        },
        { provide: PresentVoucherHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new PresentVoucherHandler(s, clock) },
        {
          provide: RecordAlternativeHandler,
          inject: [SESSION_STORE],
          useFactory: (s: SessionStore) => new RecordAlternativeHandler(s, clock, config.methodValidity),
        },
        { provide: CancelSessionHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new CancelSessionHandler(s, clock) },
        {
          provide: RequestSettlementHandler,
          inject: [SESSION_STORE],
          useFactory: (s: SessionStore) => new RequestSettlementHandler(s, clock),
        },
        {
          provide: SubmitCapturedSessionHandler,
          inject: [SESSION_STORE, OpenSessionHandler, RecordAlternativeHandler, PresentVoucherHandler],
          useFactory: (s: SessionStore, o: OpenSessionHandler, a: RecordAlternativeHandler, v: PresentVoucherHandler) =>
            new SubmitCapturedSessionHandler(s, o, a, v),
        },
        { provide: GetSessionHandler, inject: [SESSION_REPOSITORY], useFactory: (s: SessionRepository) => new GetSessionHandler(s) },
        { provide: RecordOutcomeHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new RecordOutcomeHandler(s, clock) },
        { provide: TrackSitesHandler, inject: [SITE_DIRECTORY], useFactory: (s: SiteDirectory) => new TrackSitesHandler(s) },
        {
          provide: GetOwnDeviceHandler,
          inject: [DEVICE_DIRECTORY, SITE_DIRECTORY],
          useFactory: (d: DeviceDirectory, s: SiteDirectory) => new GetOwnDeviceHandler(d, s, clock),
        },
        {
          provide: TrackDevicesHandler,
          inject: [DEVICE_DIRECTORY],
          useFactory: (d: DeviceDirectory) => new TrackDevicesHandler(d, config.deviceKeys),
        },
        {
          provide: ExpireSessionsHandler,
          inject: [SESSION_REPOSITORY, SESSION_STORE],
          useFactory: (s: SessionRepository, store: SessionStore) =>
            new ExpireSessionsHandler(s, store, clock, config.sessionTimeoutMillis),
        },
        {
          provide: ExpireSessionsScheduler,
          inject: [ExpireSessionsHandler],
          useFactory: (expiry: ExpireSessionsHandler) =>
            new ExpireSessionsScheduler(expiry, runtime.logger, expirySweepInterval(config.sessionTimeoutMillis)),
        },
      ],
    };
  }
}
