import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RUNTIME, runEvery, type ServiceRuntime } from '@hcv/platform-runtime';
import { DESK_REFRESH_INTERVAL } from '../tokens';
import { DeskIndex } from './desk-index';

/** Rebuilds the desk's picture every OPS_DESK_REFRESH_MS while the module lives (and pushes the deltas). */
@Injectable()
export class RefreshDeskScheduler implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly index: DeskIndex,
    @Inject(DESK_REFRESH_INTERVAL) private readonly intervalMillis: number,
  ) {}
  onModuleInit(): void {
    this.stop = runEvery(
      this.intervalMillis,
      async () => void (await this.index.refresh()),
      this.runtime.logger,
      'operations desk refresh',
    );
  }
  onModuleDestroy(): void {
    this.stop?.();
  }
}
