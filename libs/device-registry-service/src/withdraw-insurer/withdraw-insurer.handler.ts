import type { WithdrawalNoticeRequest } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { decideDevice } from '../domain/device.decide';
import { applyDueWithdrawal, fileWithdrawal, insurerStatusAt, recordedCode, type InsurerEnrolment } from '../domain/insurer.decide';
import type { DeviceStore } from '../persistence/device.store';
import type { DeviceRepository } from '../persistence/device.repository';
import type { InsurerRepository } from '../persistence/insurer.repository';
import type { InsurerStore } from '../persistence/insurer.store';

/**
 * 廃止届 with its effective date. Dated today or earlier, it takes effect at once: the code ends and
 * every device under it is suspended (each its own change). Dated later, it is recorded (and
 * announced) now, and the registry's periodic sweep (the heartbeat scheduler, `applyDue`) applies it
 * once the date is reached. Between the date and the sweep (seconds), everything that asks whether the
 * insurer is active checks the date itself (insurerStatusAt).
 */
export class WithdrawInsurerHandler {
  constructor(
    private readonly store: InsurerStore,
    private readonly insurers: InsurerRepository,
    private readonly deviceStore: DeviceStore,
    private readonly devices: DeviceRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(
    command: WithdrawalNoticeRequest,
    correlationId: string,
  ): Promise<{ insurer: InsurerEnrolment; effective: boolean; suspendedDevices: string[] }> {
    const at = this.clock();
    const code = recordedCode(command.onlineEligibilityCode);
    const missing = (id: string) => new NotFoundError('online-eligibility-code', id);
    const filed = await this.store.update(code, (e) => fileWithdrawal(command, e, at), { context: { correlationId }, missing });
    if (insurerStatusAt(filed, at) !== 'withdrawn') return { insurer: filed, effective: false, suspendedDevices: [] };
    const { insurer, suspendedDevices } = await this.apply(filed, at, correlationId);
    return { insurer, effective: true, suspendedDevices };
  }

  /** The sweep: applies every withdrawal whose date has come; returns the codes it ended. */
  async applyDue(): Promise<string[]> {
    const at = this.clock();
    const ended: string[] = [];
    for (const due of await this.insurers.dueWithdrawals(at.toISOString())) {
      await this.apply(due, at, due.onlineEligibilityCode);
      ended.push(due.onlineEligibilityCode);
    }
    return ended;
  }

  /** Devices first, then the code's status: a crash in between leaves the withdrawal due for the next sweep. */
  private async apply(due: InsurerEnrolment, at: Date, correlationId: string) {
    const suspendedDevices = await this.suspendDevicesOf(due, at, correlationId);
    const insurer = await this.store.update(due.onlineEligibilityCode, (e) => applyDueWithdrawal(e, at), { context: { correlationId } });
    return { insurer, suspendedDevices };
  }

  private async suspendDevicesOf(insurer: InsurerEnrolment, at: Date, correlationId: string): Promise<string[]> {
    const { withdrawal } = insurer;
    const command = {
      kind: 'withdraw-with-institution',
      by: withdrawal?.filedBy ?? 'registry',
      reason:
        `withdrawal notice (廃止届) effective ${withdrawal?.effectiveDate ?? at.toISOString().slice(0, 10)}: ${withdrawal?.reason ?? ''}`.slice(
          0,
          300,
        ),
      at,
    } as const;
    const suspended: string[] = [];
    for (const { deviceId } of await this.devices.list({ onlineEligibilityCode: insurer.onlineEligibilityCode })) {
      let changed = false;
      await this.deviceStore.update(
        deviceId,
        (d) => {
          const decision = decideDevice(command, d);
          changed = decision.events.length > 0;
          return decision;
        },
        { context: { correlationId } },
      );
      if (changed) suspended.push(deviceId);
    }
    return suspended;
  }
}
