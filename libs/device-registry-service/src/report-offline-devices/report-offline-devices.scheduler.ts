import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { runEvery, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import type { DeviceRegistryConfig } from '../device-registry.config';
import { DEVICE_REGISTRY_CONFIG } from '../tokens';
import { WithdrawInsurerHandler } from '../withdraw-insurer/withdraw-insurer.handler';
import { ReportOfflineDevicesHandler } from './report-offline-devices.handler';

/**
 * Runs the registry's sweep every `sweepEveryMillis` while the service is up (never two at once):
 * devices silent too long are reported offline, and withdrawals (廃止届) whose effective date has come
 * are applied (their devices suspended).
 */
@Injectable()
export class OfflineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly reportOffline: ReportOfflineDevicesHandler,
    private readonly withdrawals: WithdrawInsurerHandler,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DEVICE_REGISTRY_CONFIG) private readonly config: Pick<DeviceRegistryConfig, 'offlineAfterMillis' | 'sweepEveryMillis'>,
  ) {}
  onApplicationBootstrap() {
    this.stop = runEvery(
      this.config.sweepEveryMillis,
      async () => {
        await this.reportOffline.execute();
        await this.withdrawals.applyDue();
      },
      this.runtime.logger,
      'heartbeat and withdrawal sweep',
    );
  }
  onApplicationShutdown() {
    this.stop?.();
  }
}
