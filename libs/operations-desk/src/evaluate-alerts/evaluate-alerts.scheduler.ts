import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RUNTIME, runEvery, type ServiceRuntime } from '@hcv/platform-runtime';
import { OPERATIONS_INTERVAL } from '../tokens';
import { EvaluateAlertsHandler } from './evaluate-alerts.handler';

/** Runs the alert monitor every OPS_ALERT_INTERVAL_MS while the module lives. */
@Injectable()
export class EvaluateAlertsScheduler implements OnModuleInit, OnModuleDestroy {
  private stopMonitor?: () => void;
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly monitor: EvaluateAlertsHandler,
    @Inject(OPERATIONS_INTERVAL) private readonly intervalMillis: number,
  ) {}
  onModuleInit(): void {
    this.stopMonitor = runEvery(this.intervalMillis, () => this.monitor.tick(), this.runtime.logger, 'operations alert evaluation');
  }
  onModuleDestroy(): void {
    this.stopMonitor?.();
  }
}
