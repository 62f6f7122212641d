import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { runEvery, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import type { DeviceRegistryConfig } from '../device-registry.config';
import { DEVICE_REGISTRY_CONFIG } from '../tokens';
import { ReportOfflineDevicesHandler } from './report-offline-devices.handler';

/** Runs the offline sweep every `sweepEveryMillis` while the service is up (never two at once). */
@Injectable()
export class OfflineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly reportOffline: ReportOfflineDevicesHandler,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DEVICE_REGISTRY_CONFIG) private readonly config: DeviceRegistryConfig,
  ) {}
  onApplicationBootstrap() {
    this.stop = runEvery(this.config.sweepEveryMillis, () => this.reportOffline.execute(), this.runtime.logger, 'heartbeat sweep');
  }
  onApplicationShutdown() {
    this.stop?.();
  }
}
