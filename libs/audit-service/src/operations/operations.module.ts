import { Inject, Injectable, Module, type DynamicModule, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { byStorage, RUNTIME, runEvery, type ServiceRuntime } from '@hcv/platform-runtime';
import { OPERATIONS, OPERATIONS_INTERVAL } from '../tokens';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from './alert-rules';
import { DashboardHttpController } from './dashboard.http.controller';
import { MongoOperationsRepository } from './mongo-operations.repository';
import { OperationsMonitor } from './operations-monitor';
import { InMemoryOperationsRepository, type OperationsRepository } from './operations.repository';
import { OperationsHttpController } from './operations.http.controller';
import { RecordOperationsHandler } from './record-operations.handler';

/** Alert thresholds and the evaluation interval from the environment (unset ones keep their defaults). */
export function operationsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): { thresholds: AlertThresholds; intervalMillis: number } {
  const num = (value: string | undefined, fallback: number, valid: (n: number) => boolean) => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || !valid(n)) throw new Error(`invalid operations setting: ${value}`);
    return n;
  };
  return {
    thresholds: {
      failureRate: num(env.OPS_FAILURE_RATE_THRESHOLD, DEFAULT_THRESHOLDS.failureRate, (n) => n >= 0 && n <= 1),
      failureRateMinOutcomes: num(env.OPS_FAILURE_RATE_MIN_OUTCOMES, DEFAULT_THRESHOLDS.failureRateMinOutcomes, (n) => Number.isInteger(n) && n >= 1),
      consumerLag: num(env.OPS_CONSUMER_LAG_THRESHOLD, DEFAULT_THRESHOLDS.consumerLag, (n) => Number.isInteger(n) && n >= 0),
    },
    intervalMillis: num(env.OPS_ALERT_INTERVAL_MS, 5_000, (n) => n >= 100),
  };
}

/**
 * Runs the alert monitor while the module lives. The read models themselves are a projection of
 * audit's single consumer group (`audit.record`, see audit.module.ts), which calls
 * RecordOperationsHandler for the events in OPERATIONS_CONTRACTS.
 */
@Injectable()
class OperationsAlertSchedule implements OnModuleInit, OnModuleDestroy {
  private stopMonitor?: () => void;
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly monitor: OperationsMonitor,
    @Inject(OPERATIONS_INTERVAL) private readonly intervalMillis: number,
  ) {}
  onModuleInit(): void {
    this.stopMonitor = runEvery(this.intervalMillis, () => this.monitor.tick(), this.runtime.logger, 'operations alert evaluation');
  }
  onModuleDestroy(): void {
    this.stopMonitor?.();
  }
}

/** The operations desk: read models built from events, alerts as events, and the dashboard. */
@Module({})
export class OperationsModule {
  static register(runtime: ServiceRuntime, options: { thresholds?: Partial<AlertThresholds>; intervalMillis?: number } = {}): DynamicModule {
    const settings = operationsSettingsFromEnv();
    return {
      module: OperationsModule,
      controllers: [OperationsHttpController, DashboardHttpController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: OPERATIONS_INTERVAL, useValue: options.intervalMillis ?? settings.intervalMillis },
        {
          provide: OPERATIONS,
          useFactory: () =>
            byStorage<OperationsRepository>(runtime.storage, {
              mongo: (c) => new MongoOperationsRepository(c),
              memory: () => new InMemoryOperationsRepository(),
            }),
        },
        { provide: RecordOperationsHandler, inject: [OPERATIONS], useFactory: (ops: OperationsRepository) => new RecordOperationsHandler(ops) },
        {
          provide: OperationsMonitor,
          inject: [OPERATIONS],
          useFactory: (ops: OperationsRepository) => new OperationsMonitor(ops, runtime, { ...settings.thresholds, ...options.thresholds }),
        },
        OperationsAlertSchedule,
      ],
      exports: [RecordOperationsHandler],
    };
  }
}
