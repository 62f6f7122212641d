import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from './domain/alert-rules';
import { DESK_FULL_REFRESH_MILLIS } from './refresh-desk/desk-index';

/** An empty variable counts as unset (a compose file or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const number = (name: string) => z.coerce.number({ error: `${name} must be a number` });

/**
 * The environment the operations desk reads beyond the platform's ServiceEnv: its alert thresholds
 * and how often the monitor evaluates them. Parsed once at start-up; a NaN, an out-of-range or a
 * fractional count stops the start with the variable's name.
 */
export const OperationsDeskEnv = z.object({
  /** Share of non-matched outcomes in 5 minutes above which a site alerts (0..1). */
  OPS_FAILURE_RATE_THRESHOLD: optional(number('OPS_FAILURE_RATE_THRESHOLD').min(0).max(1).default(DEFAULT_THRESHOLDS.failureRate)),
  /** Fewer outcomes than this in the window never alert. */
  OPS_FAILURE_RATE_MIN_OUTCOMES: optional(
    number('OPS_FAILURE_RATE_MIN_OUTCOMES').int().min(1).default(DEFAULT_THRESHOLDS.failureRateMinOutcomes),
  ),
  /** Unhandled messages of one consumer group above which it alerts. */
  OPS_CONSUMER_LAG_THRESHOLD: optional(number('OPS_CONSUMER_LAG_THRESHOLD').int().min(0).default(DEFAULT_THRESHOLDS.consumerLag)),
  /** How often the monitor evaluates the rules (ms). */
  OPS_ALERT_INTERVAL_MS: optional(number('OPS_ALERT_INTERVAL_MS').min(100).default(5_000)),
  /** How often the desk's precomputed picture is rebuilt from the read models, and deltas pushed (ms). */
  OPS_DESK_REFRESH_MS: optional(number('OPS_DESK_REFRESH_MS').min(100).default(2_000)),
  /**
   * How often a refresh reads every site and device again, a safety net (ms); in between each reads
   * only those changed since the previous one. 0: every refresh reads them all.
   */
  OPS_DESK_FULL_REFRESH_MS: optional(number('OPS_DESK_FULL_REFRESH_MS').min(0).default(DESK_FULL_REFRESH_MILLIS)),
  /** Comment line sent on an idle GET /operations/stream so proxies keep it open (ms). */
  OPS_STREAM_HEARTBEAT_MS: optional(number('OPS_STREAM_HEARTBEAT_MS').min(1_000).default(15_000)),
  /** How long one GET /operations/stream stays open before the server ends it (the client reconnects) (ms). */
  OPS_STREAM_MAX_MS: optional(
    number('OPS_STREAM_MAX_MS')
      .min(100)
      .default(30 * 60_000),
  ),
});

export interface OperationsDeskConfig {
  thresholds: AlertThresholds;
  intervalMillis: number;
  refreshMillis: number;
  fullRefreshMillis: number;
  heartbeatMillis: number;
  streamMaxMillis: number;
}

/** What a module registration may give (tests, embedded mode); each overrides its variable. */
export interface OperationsDeskOptions {
  thresholds?: Partial<AlertThresholds>;
  intervalMillis?: number;
  refreshMillis?: number;
  fullRefreshMillis?: number;
  heartbeatMillis?: number;
  streamMaxMillis?: number;
  /** The desk app's login and API addresses (GET /desk/config.json's): its page may connect to exactly these. */
  desk?: () => { issuer: string | null; apis: Record<string, string | null> };
  /** Where the built desk app is (default: dist/apps/operations-desk/www). */
  deskDir?: string;
  /**
   * In the audit process: how long the read models' writes wait for those of the other events being
   * projected before they leave as one bulk write (audit's AUDIT_BATCH_GATHER_MS; absent: each leaves at once).
   */
  batchGatherMillis?: number;
}

/** The desk's configuration: the environment, overridden by the module's options; throws naming the bad value. */
export function loadOperationsDeskConfig(env: NodeJS.ProcessEnv = process.env, options: OperationsDeskOptions = {}): OperationsDeskConfig {
  const parsed = OperationsDeskEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid operations desk configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  return {
    thresholds: {
      failureRate: e.OPS_FAILURE_RATE_THRESHOLD,
      failureRateMinOutcomes: e.OPS_FAILURE_RATE_MIN_OUTCOMES,
      consumerLag: e.OPS_CONSUMER_LAG_THRESHOLD,
      ...options.thresholds,
    },
    intervalMillis: options.intervalMillis ?? e.OPS_ALERT_INTERVAL_MS,
    refreshMillis: options.refreshMillis ?? e.OPS_DESK_REFRESH_MS,
    fullRefreshMillis: options.fullRefreshMillis ?? e.OPS_DESK_FULL_REFRESH_MS,
    heartbeatMillis: options.heartbeatMillis ?? e.OPS_STREAM_HEARTBEAT_MS,
    streamMaxMillis: options.streamMaxMillis ?? e.OPS_STREAM_MAX_MS,
  };
}
