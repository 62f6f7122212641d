import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@hcv/observability';
import { runEvery } from '@hcv/platform-runtime';
import type { ExpireSessionsHandler } from './expire-sessions.handler';

/**
 * How often the sweep runs for a session timeout: a quarter of it, so a session expires at most a
 * quarter late, between 0.25 s (short timeouts in tests) and 10 s (one query per sweep is enough).
 */
export function expirySweepInterval(timeoutMillis: number): number {
  return Math.max(250, Math.min(10_000, Math.floor(timeoutMillis / 4)));
}

/** Runs the expiry sweep from the application's start to its shutdown, never two sweeps at once. */
export class ExpireSessionsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;
  constructor(
    private readonly expiry: ExpireSessionsHandler,
    private readonly logger: Logger,
    private readonly everyMillis: number,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = runEvery(this.everyMillis, () => this.expiry.sweep(), this.logger, 'session expiry sweep');
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
