import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceActivatedV1, VerificationOutcomeV1 } from '@hcv/contracts';
import { on } from '@hcv/messaging';
import { RUNTIME, type ServiceRuntime } from '@hcv/service-kit';
import type { DeviceDirectory } from './device-directory/device-directory.repository';
import { RecordOutcomeHandler } from './record-outcome/record-outcome.handler';
import { DEVICE_DIRECTORY } from './tokens';

/** Registers card-session's consumer groups before the bus starts. */
@Injectable()
export class CardSessionConsumers implements OnModuleInit {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DEVICE_DIRECTORY) private readonly devices: DeviceDirectory,
    private readonly outcomes: RecordOutcomeHandler,
  ) {}

  onModuleInit(): void {
    const { bus, processedLog } = this.runtime;
    bus.subscribe({
      groupId: 'card-session.device-directory',
      processedLog,
      handlers: [
        on(DeviceActivatedV1, (event) =>
          this.devices.upsert({
            deviceId: event.data.deviceId,
            institutionNumber: event.data.institutionNumber,
            siteId: event.data.siteId,
            state: 'active',
            asOf: event.data.activatedAt,
          }),
        ),
      ],
    });
    bus.subscribe({
      groupId: 'card-session.outcomes',
      processedLog,
      handlers: [on(VerificationOutcomeV1, (event) => this.outcomes.handle(event))],
    });
  }
}
