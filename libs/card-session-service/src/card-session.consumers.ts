import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceActivatedV1, DeviceCredentialIssuedV1, DeviceRetiredV1, DeviceSuspendedV1, VerificationOutcomeV1, VerificationOutcomeV2 } from '@hcv/contracts';
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
        on(DeviceActivatedV1, (e) =>
          this.devices.setState(e.data.deviceId, { state: 'active', institutionNumber: e.data.institutionNumber, siteId: e.data.siteId }, e.data.activatedAt),
        ),
        on(DeviceSuspendedV1, (e) => this.devices.setState(e.data.deviceId, { state: 'suspended' }, e.data.at)),
        on(DeviceRetiredV1, (e) => this.devices.setState(e.data.deviceId, { state: 'retired' }, e.data.at)),
        on(DeviceCredentialIssuedV1, (e) => this.devices.setKey(e.data.deviceId, e.data.signingKey, e.data.issuedAt)),
      ],
    });
    bus.subscribe({
      groupId: 'card-session.outcomes',
      processedLog,
      // One outcome per session (the key): sessions of a partition are completed at once.
      ordering: 'key',
      handlers: [on(VerificationOutcomeV1, (event) => this.outcomes.handle(event)), on(VerificationOutcomeV2, (event) => this.outcomes.handle(event))],
    });
  }
}
