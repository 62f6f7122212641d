import { z } from 'zod';
import { Identifier } from '@hcv/contracts';
import { OqsInstitutionNumber } from '@hcv/oqs-files';
import { signingKeyFromSecret } from '@hcv/platform-access';
import { secretFromEnv } from '@hcv/platform-runtime';

/** An empty variable counts as unset (a service manager or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const wholeNumber = () => z.coerce.number().int();

/**
 * The bridge's environment, parsed once at start-up, failing fast with the variable at fault.
 * The terminal's folders default to the paths the 資格確認端末 uses on itself (INTERFACES.md §1); a
 * bridge on another PC of the site sets them to the SMB share or its mount point.
 */
export const OqsBridgeEnv = z
  .object({
    NODE_ENV: z.string().optional(),
    OQS_REQ_DIR: optional(z.string().min(1).default('C:\\OQS\\Req')),
    OQS_RES_DIR: optional(z.string().min(1).default('C:\\OQS\\Res')),
    /** Where answered and late response files are moved; unset: they are deleted. */
    OQS_ARCHIVE_DIR: optional(z.string().min(1).optional()),
    OQS_INSTITUTION_NUMBER: OqsInstitutionNumber,
    /** How long the terminal has to answer one request. */
    OQS_RESPONSE_TIMEOUT_MS: optional(wholeNumber().min(100).max(600_000).default(30_000)),
    /** How often the res folder is scanned besides its change notifications (which SMB shares may not deliver). */
    OQS_POLL_MS: optional(wholeNumber().min(10).max(60_000).default(500)),
    OQS_REQUEST_ENCODING: optional(z.enum(['shift_jis', 'utf-8']).default('shift_jis')),
    OQS_INSURER_PADDING: optional(z.enum(['space', 'zero']).default('space')),
    /** Sets this bridge's file ids apart when two programs of ours share a terminal. */
    OQS_FILE_ID_PREFIX: optional(
      z
        .string()
        .regex(/^[A-Za-z0-9]{1,3}$/, 'at most 3 letters or digits')
        .optional(),
    ),
    /** The platform's base URL (qualification-lookup, or the gateway in front of it). */
    PLATFORM_URL: z.url({ protocol: /^https?$/ }),
    /** How long one call to the platform may take. */
    PLATFORM_TIMEOUT_MS: optional(wholeNumber().min(100).max(120_000).default(10_000)),
    /** How often the platform is asked for waiting requests. */
    BRIDGE_FETCH_INTERVAL_MS: optional(wholeNumber().min(50).max(600_000).default(2_000)),
    /** The bridge's device id: it is registered and activated like any device of the institution. */
    BRIDGE_DEVICE_ID: Identifier,
    BRIDGE_DEVICE_SECRET: optional(z.string().optional()),
    BRIDGE_DEVICE_SECRET_FILE: optional(z.string().optional()),
  })
  .superRefine((env, ctx) => {
    const url = new URL(env.PLATFORM_URL);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (env.NODE_ENV === 'production' && url.protocol !== 'https:' && !loopback) {
      ctx.addIssue({ code: 'custom', path: ['PLATFORM_URL'], message: 'must be https in production (personal data crosses it)' });
    }
  })
  .transform((env) => ({
    terminal: {
      reqDir: env.OQS_REQ_DIR,
      resDir: env.OQS_RES_DIR,
      archiveDir: env.OQS_ARCHIVE_DIR,
      institutionNumber: env.OQS_INSTITUTION_NUMBER,
      timeoutMillis: env.OQS_RESPONSE_TIMEOUT_MS,
      pollMillis: env.OQS_POLL_MS,
      encoding: env.OQS_REQUEST_ENCODING,
      insurerPadding: env.OQS_INSURER_PADDING,
      fileIdPrefix: env.OQS_FILE_ID_PREFIX ?? '',
    },
    platform: {
      baseUrl: env.PLATFORM_URL.replace(/\/$/, ''),
      timeoutMillis: env.PLATFORM_TIMEOUT_MS,
      fetchIntervalMillis: env.BRIDGE_FETCH_INTERVAL_MS,
      deviceId: env.BRIDGE_DEVICE_ID,
      signingKey: signingKeyFromSecret(
        secretFromEnv({
          name: 'BRIDGE_DEVICE_SECRET',
          value: env.BRIDGE_DEVICE_SECRET,
          file: env.BRIDGE_DEVICE_SECRET_FILE,
          nodeEnv: env.NODE_ENV,
          minLength: 32,
        }),
      ),
    },
  }));

export type OqsBridgeConfig = z.infer<typeof OqsBridgeEnv>;

export function loadOqsBridgeConfig(env: NodeJS.ProcessEnv = process.env): OqsBridgeConfig {
  const parsed = OqsBridgeEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid oqs-bridge configuration: ${problems}`);
  }
  return parsed.data;
}
