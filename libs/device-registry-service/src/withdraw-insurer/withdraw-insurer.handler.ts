import type { WithdrawalNoticeRequest } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { decideDevice } from '../domain/device.decide';
import { withdrawInsurer, type Institution } from '../domain/institution.decide';
import type { DeviceStore } from '../persistence/device.store';
import type { DeviceRepository } from '../persistence/device.repository';
import type { InstitutionStore } from '../persistence/institution.store';

/** 廃止届: ends the code, then suspends every device registered under it (each its own change). */
export class WithdrawInsurerHandler {
  constructor(
    private readonly institutions: InstitutionStore,
    private readonly deviceStore: DeviceStore,
    private readonly devices: DeviceRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(
    command: WithdrawalNoticeRequest,
    correlationId: string,
  ): Promise<{ institution: Institution; suspendedDevices: string[] }> {
    const at = this.clock();
    const context = { correlationId };
    const missing = (code: string) => new NotFoundError('online-eligibility-code', code);
    const institution = await this.institutions.update(command.onlineEligibilityCode, (i) => withdrawInsurer(command, i, at), {
      context,
      missing,
    });
    const withdrawal = {
      kind: 'withdraw-with-institution',
      by: command.filedBy,
      reason: `withdrawal notice (廃止届): ${command.reason}`,
      at,
    } as const;
    const suspendedDevices: string[] = [];
    for (const { deviceId } of await this.devices.list({ institutionNumber: institution.institutionNumber })) {
      let suspended = false;
      await this.deviceStore.update(
        deviceId,
        (d) => {
          const decision = decideDevice(withdrawal, d);
          suspended = decision.events.length > 0;
          return decision;
        },
        { context },
      );
      if (suspended) suspendedDevices.push(deviceId);
    }
    return { institution, suspendedDevices };
  }
}
