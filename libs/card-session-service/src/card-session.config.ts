import { z } from 'zod';

/** A positive whole number of milliseconds: NaN, zero, a negative or a fraction never passes. */
const millis = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .positive(`${name} must be positive`);

/**
 * The environment card-session reads beyond the platform's ServiceEnv (libs/platform/runtime), parsed
 * once at start-up. A bad value stops the start with the variable's name: a timeout that is not a
 * positive number of milliseconds would expire every session at once, or none.
 */
export const CardSessionEnv = z.object({
  /** A session whose device does nothing this long expires (default 15 min). */
  SESSION_TIMEOUT_MS: millis('SESSION_TIMEOUT_MS').default(15 * 60_000),
});

/** The options a module registration may give (tests, embedded mode); each overrides its variable. */
const CardSessionOptionsSchema = z.object({
  sessionTimeoutMillis: millis('sessionTimeoutMillis').optional(),
});

export interface CardSessionConfig {
  /** A session whose device does nothing this long expires. */
  sessionTimeoutMillis: number;
}

export type CardSessionOptions = Partial<CardSessionConfig>;

/** The service's configuration: the environment, overridden by the module's options; throws naming the bad value. */
export function loadCardSessionConfig(env: NodeJS.ProcessEnv = process.env, options: CardSessionOptions = {}): CardSessionConfig {
  const fromEnv = CardSessionEnv.safeParse(env);
  const given = CardSessionOptionsSchema.safeParse(options);
  const issues = [...(fromEnv.error?.issues ?? []), ...(given.error?.issues ?? [])];
  if (!fromEnv.success || !given.success) {
    throw new Error(`Invalid card-session configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { sessionTimeoutMillis: given.data.sessionTimeoutMillis ?? fromEnv.data.SESSION_TIMEOUT_MS };
}

/** The configuration this process runs with: its environment, overridden by the module's options. */
export function cardSessionConfig(options: CardSessionOptions = {}): CardSessionConfig {
  return loadCardSessionConfig(process.env, options);
}
