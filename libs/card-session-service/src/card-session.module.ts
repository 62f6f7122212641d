import { Module, type DynamicModule } from '@nestjs/common';
import { byStorage, HealthController, RUNTIME, type ServiceRuntime } from '@hcv/service-kit';
import { CardSessionConsumers } from './card-session.consumers';
import {
  InMemoryDeviceDirectory,
  MongoDeviceDirectory,
  type DeviceDirectory,
} from './device-directory/device-directory.repository';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
import { RecordOutcomeHandler } from './record-outcome/record-outcome.handler';
import { SessionSteps } from './sessions/session-steps';
import { InMemorySessionRepository, MongoSessionRepository, type SessionRepository } from './sessions/session.repository';
import { SessionsHttpController } from './sessions.http.controller';
import { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
import { DEVICE_DIRECTORY, SESSION_REPOSITORY } from './tokens';

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class CardSessionModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    const { publisher, clock } = runtime;
    return {
      module: CardSessionModule,
      controllers: [SessionsHttpController, HealthController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: SESSION_REPOSITORY,
          useFactory: () =>
            byStorage<SessionRepository>(runtime.storage, {
              mongo: (c) => new MongoSessionRepository(c),
              memory: () => new InMemorySessionRepository(),
            }),
        },
        {
          provide: DEVICE_DIRECTORY,
          useFactory: () =>
            byStorage<DeviceDirectory>(runtime.storage, {
              mongo: (c) => new MongoDeviceDirectory(c),
              memory: () => new InMemoryDeviceDirectory(),
            }),
        },
        {
          provide: SessionSteps,
          inject: [SESSION_REPOSITORY],
          useFactory: (sessions: SessionRepository) => new SessionSteps(sessions, publisher),
        },
        {
          provide: OpenSessionHandler,
          inject: [SESSION_REPOSITORY, DEVICE_DIRECTORY],
          useFactory: (sessions: SessionRepository, devices: DeviceDirectory) =>
            new OpenSessionHandler(sessions, devices, publisher, clock),
        },
        {
          provide: SubmitCardReadHandler,
          inject: [SessionSteps],
          useFactory: (steps: SessionSteps) => new SubmitCardReadHandler(steps, publisher, clock),
        },
        {
          provide: PresentVoucherHandler,
          inject: [SessionSteps],
          useFactory: (steps: SessionSteps) => new PresentVoucherHandler(steps, publisher),
        },
        {
          provide: RecordOutcomeHandler,
          inject: [SESSION_REPOSITORY],
          useFactory: (sessions: SessionRepository) => new RecordOutcomeHandler(sessions, publisher, clock),
        },
        CardSessionConsumers,
      ],
    };
  }
}
