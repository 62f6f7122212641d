import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryNonceStore, type NonceStore } from '@hcv/platform-access';
import { consumerControllers } from '@hcv/messaging';
import { MongoNonceStore } from '@hcv/platform-access';
import { type Outbox } from '@hcv/persistence';
import { cardSessionOpenApi } from './card-session.openapi';
import { runEvery, byStorage, storedIn, outboxRelayProvider, OutboxRelayRunner, OUTBOX_RELAY, HealthModule, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { DEVICE_CREDENTIALS, DeviceAuthGuard, type DeviceCredentials } from '@hcv/platform-access';
import { ApiDocsModule } from '@hcv/platform-http';
import { CancelSessionHandler } from './cancel-session/cancel-session.handler';
import { CARD_SESSION_TOPICS } from './card-session.topics';
import { CachedDeviceDirectory } from './device-directory/cached-device-directory';
import { InMemoryDeviceDirectory, MongoDeviceDirectory, type DeviceDirectory } from './device-directory/device-directory.repository';
import { SessionExpiry } from './expire-sessions/session-expiry';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
import { RecordAlternativeHandler } from './record-alternative/record-alternative.handler';
import { RecordOutcomeHandler } from './record-outcome/record-outcome.handler';
import { RecentSessions } from './sessions/recent-sessions';
import { sessionStore, type SessionStore } from './sessions/session-store';
import { InMemorySessionRepository, MongoSessionRepository, type SessionRepository } from './sessions/session.repository';
import { SessionsHttpController } from './sessions.http.controller';
import { SubmitCapturedSessionHandler } from './submit-captured-session/submit-captured-session.handler';
import { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
import { DEVICE_DIRECTORY, SESSION_REPOSITORY, SESSION_STORE } from './tokens';

export interface CardSessionOptions {
  /** A session whose device does nothing this long expires (default SESSION_TIMEOUT_MS or 15 min). */
  sessionTimeoutMillis?: number;
}

@Injectable()
class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly expiry: SessionExpiry,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject('SWEEP_EVERY') private readonly every: number,
  ) {}
  onApplicationBootstrap() {
    this.stop = runEvery(this.every, () => this.expiry.sweep(), this.runtime.logger, 'session expiry sweep');
  }
  onApplicationShutdown() {
    this.stop?.();
  }
}

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class CardSessionModule {
  static register(runtime: ServiceRuntime, options: CardSessionOptions = {}): DynamicModule {
    const { clock } = runtime;
    const timeout = options.sessionTimeoutMillis ?? Number(process.env.SESSION_TIMEOUT_MS ?? 15 * 60_000);
    return {
      module: CardSessionModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(cardSessionOpenApi)],
      controllers: [SessionsHttpController, ...consumerControllers(CARD_SESSION_TOPICS)],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: 'SWEEP_EVERY', useValue: Math.max(250, Math.min(10_000, Math.floor(timeout / 4))) },
        { provide: SESSION_REPOSITORY, ...storedIn<SessionRepository>(runtime, (c) => new MongoSessionRepository(c), () => new InMemorySessionRepository()) },
        // The database directory is read through a short-lived cache (see CachedDeviceDirectory for the bound).
        { provide: DEVICE_DIRECTORY, ...storedIn<DeviceDirectory>(runtime, (c) => new CachedDeviceDirectory(new MongoDeviceDirectory(c)), () => new InMemoryDeviceDirectory()) },
        { provide: RecentSessions, useFactory: () => new RecentSessions() },
        {
          provide: DEVICE_CREDENTIALS,
          inject: [DEVICE_DIRECTORY],
          useFactory: (devices: DeviceDirectory): DeviceCredentials => ({
            lookup: async (id) => {
              const d = await devices.get(id);
              return d?.state ? { deviceId: d.deviceId, state: d.state, signingKey: d.signingKey } : null;
            },
            nonces: byStorage<NonceStore>(runtime.storage, { mongo: (c) => new MongoNonceStore(c), memory: () => new InMemoryNonceStore() }),
          }),
        },
        DeviceAuthGuard,
        outboxRelayProvider(runtime, [SESSION_REPOSITORY], (s: SessionRepository) => [s.outbox]),
        OutboxRelayRunner,
        {
          provide: SESSION_STORE,
          inject: [SESSION_REPOSITORY, DEVICE_DIRECTORY, OUTBOX_RELAY, RecentSessions],
          useFactory: (s: SessionRepository, d: DeviceDirectory, o: Outbox, r: RecentSessions) => sessionStore(s, d, o, r),
        },
        { provide: OpenSessionHandler, inject: [SESSION_STORE, DEVICE_DIRECTORY], useFactory: (s: SessionStore, d: DeviceDirectory) => new OpenSessionHandler(s, d, clock) },
        { provide: SubmitCardReadHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new SubmitCardReadHandler(s, clock) },
        { provide: PresentVoucherHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new PresentVoucherHandler(s, clock) },
        { provide: RecordAlternativeHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new RecordAlternativeHandler(s, clock) },
        { provide: CancelSessionHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new CancelSessionHandler(s, clock) },
        {
          provide: SubmitCapturedSessionHandler,
          inject: [SESSION_REPOSITORY, OpenSessionHandler, SubmitCardReadHandler, RecordAlternativeHandler, PresentVoucherHandler],
          useFactory: (s: SessionRepository, o: OpenSessionHandler, c: SubmitCardReadHandler, a: RecordAlternativeHandler, v: PresentVoucherHandler) =>
            new SubmitCapturedSessionHandler(s, o, c, a, v),
        },
        { provide: RecordOutcomeHandler, inject: [SESSION_STORE], useFactory: (s: SessionStore) => new RecordOutcomeHandler(s, clock) },
        {
          provide: SessionExpiry,
          inject: [SESSION_REPOSITORY, SESSION_STORE],
          useFactory: (s: SessionRepository, store: SessionStore) => new SessionExpiry(s, store, clock, timeout),
        },
        ExpirySweeper,
      ],
    };
  }
}
