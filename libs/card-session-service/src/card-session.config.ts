import { z } from 'zod';
import { deviceKeyRefusal, deviceKeyRingFromEnv, refuseUnsafeDefaults, type KeyRing } from '@hcv/platform-runtime';
import { NOTICE_METHOD_VALIDITY, type MethodValidity } from './domain/method-validity';

/** A positive whole number of milliseconds: NaN, zero, a negative or a fraction never passes. */
const millis = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .positive(`${name} must be positive`);

const day = (name: string) => z.iso.date({ error: `${name} must be a date (YYYY-MM-DD)` });

const publicUrl = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

/** Browser origins (`scheme://host[:port]`), comma-separated, as CORS_ALLOWED_ORIGINS is written. */
const originList = (name: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^https?:\/\/[^/\s*]+$/, `${name} lists origins such as https://reception.example.jp (no path, no wildcard)`),
      ),
    );

/** A value given now, or read when needed (embedded mode learns its URLs after the modules are built). */
type Lazy<T> = T | (() => T);
const lazy = <T>(value: Lazy<T>): (() => T) => (typeof value === 'function' ? (value as () => T) : () => value);

/**
 * When each alternative method is accepted, by checkup date (both ends inclusive), defaulted to the
 * notice's dates (NOTICE_METHOD_VALIDITY): the paper 被保険者証 up to its end of validity 2025-12-01;
 * the マイナポータル screen from 2024-01-31; マイナ保険証 + 資格情報のお知らせ and the 資格確認書 from
 * 2024-12-02. The grace for 国保 and 後期高齢者医療 paper cards is a setting (unset: none): it is
 * announced separately, not given by the notice.
 */
const N = NOTICE_METHOD_VALIDITY;

/**
 * The environment card-session reads beyond the platform's ServiceEnv (libs/platform/runtime), parsed
 * once at start-up. A bad value stops the start with the variable's name: a timeout that is not a
 * positive number of milliseconds would expire every session at once, or none.
 */
export const CardSessionEnv = z.object({
  /** A session whose device does nothing this long expires (default 15 min). */
  SESSION_TIMEOUT_MS: millis('SESSION_TIMEOUT_MS').default(15 * 60_000),
  /** Last checkup date a paper 被保険者証 is accepted for. */
  HEALTH_INSURANCE_CARD_UNTIL: day('HEALTH_INSURANCE_CARD_UNTIL').default(N.healthInsuranceCardUntil),
  /** 国保 (6-digit insurer numbers) and 後期高齢者医療 (法別番号 39): paper cards accepted up to this date instead, if later. */
  HEALTH_INSURANCE_CARD_GRACE_UNTIL: day('HEALTH_INSURANCE_CARD_GRACE_UNTIL').optional(),
  MYNAPORTAL_SCREEN_FROM: day('MYNAPORTAL_SCREEN_FROM').default(N.mynaportalScreenFrom),
  MYNA_CARD_WITH_NOTICE_FROM: day('MYNA_CARD_WITH_NOTICE_FROM').default(N.mynaCardWithNoticeFrom),
  ELIGIBILITY_CERTIFICATE_FROM: day('ELIGIBILITY_CERTIFICATE_FROM').default(N.eligibilityCertificateFrom),
  /** Where browsers reach device-registry and card-session (the reception app's settings, its CSP). */
  DEVICE_REGISTRY_PUBLIC_URL: publicUrl('DEVICE_REGISTRY_PUBLIC_URL').default('http://127.0.0.1:3001'),
  CARD_SESSION_PUBLIC_URL: publicUrl('CARD_SESSION_PUBLIC_URL').default('http://127.0.0.1:3002'),
  /** Origins of the reception app allowed (CORS) on the device routes; default: card-session's own public origin. */
  RECEPTION_ORIGINS: originList('RECEPTION_ORIGINS').optional(),
  /** The release the reception app reports (GET /reception/config.json `version`). */
  RELEASE_VERSION: z.string().min(1).max(64).default('development'),
  /** The device-key ring that opens the signing keys of device.credential-issued v2: `<id>=<secret>` pairs. */
  DEVICE_KEY_ENCRYPTION_KEYS: z.string().optional(),
  DEVICE_KEY_ENCRYPTION_KEYS_FILE: z.string().optional(),
  DEVICE_KEY_ENCRYPTION_KEY_CURRENT: z.string().optional(),
});

/** The production refusals of card-session (the platform's and its device-key ring's); called before anything connects. */
export function cardSessionStartupCheck(env: NodeJS.ProcessEnv = process.env): void {
  refuseUnsafeDefaults(env, [deviceKeyRefusal(env)]);
}

/** The options a module registration may give (tests, embedded mode); each overrides its variable. */
const CardSessionOptionsSchema = z.object({
  sessionTimeoutMillis: millis('sessionTimeoutMillis').optional(),
  sessionStream: z
    .object({
      rereadMillis: millis('rereadMillis').optional(),
      heartbeatMillis: millis('heartbeatMillis').optional(),
      maxMillis: millis('maxMillis').optional(),
    })
    .optional(),
  methodValidity: z
    .object({
      healthInsuranceCardUntil: day('healthInsuranceCardUntil').optional(),
      healthInsuranceCardGraceUntil: day('healthInsuranceCardGraceUntil').optional(),
      mynaportalScreenFrom: day('mynaportalScreenFrom').optional(),
      mynaCardWithNoticeFrom: day('mynaCardWithNoticeFrom').optional(),
      eligibilityCertificateFrom: day('eligibilityCertificateFrom').optional(),
    })
    .optional(),
  receptionDir: z.string().min(1).optional(),
});

/** What the reception app is told, and who may call the device routes from a browser; read when needed. */
export interface ReceptionSettings {
  deviceRegistryUrl: () => string;
  cardSessionUrl: () => string;
  origins: () => readonly string[];
  version: string;
}

export interface CardSessionConfig {
  /** A session whose device does nothing this long expires. */
  sessionTimeoutMillis: number;
  /** The checkup dates each alternative method is accepted for. */
  methodValidity: MethodValidity;
  reception: ReceptionSettings;
  /** The session stream: its cross-replica re-read and its heartbeat. */
  sessionStream: { rereadMillis: number; heartbeatMillis: number; maxMillis: number };
  /** The built reception app (default: dist/apps/reception/www, found from the code's location). */
  receptionDir?: string;
  /** Opens the sealed signing keys of device.credential-issued v2. */
  deviceKeys: KeyRing;
}

export type CardSessionOptions = {
  sessionTimeoutMillis?: number;
  methodValidity?: Partial<MethodValidity>;
  /** Override the environment's reception settings; a function is read per request (embedded mode). */
  reception?: {
    deviceRegistryUrl?: Lazy<string>;
    cardSessionUrl?: Lazy<string>;
    origins?: Lazy<readonly string[]>;
    version?: string;
  };
  sessionStream?: { rereadMillis?: number; heartbeatMillis?: number; maxMillis?: number };
  receptionDir?: string;
  deviceKeys?: KeyRing;
};

/** The service's configuration: the environment, overridden by the module's options; throws naming the bad value. */
export function loadCardSessionConfig(env: NodeJS.ProcessEnv = process.env, options: CardSessionOptions = {}): CardSessionConfig {
  const fromEnv = CardSessionEnv.safeParse(env);
  const { deviceKeys, ...validated } = options;
  const given = CardSessionOptionsSchema.safeParse(validated);
  const issues = [...(fromEnv.error?.issues ?? []), ...(given.error?.issues ?? [])];
  if (!fromEnv.success || !given.success) {
    throw new Error(`Invalid card-session configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = fromEnv.data;
  const o = given.data.methodValidity ?? {};
  const grace = o.healthInsuranceCardGraceUntil ?? e.HEALTH_INSURANCE_CARD_GRACE_UNTIL;
  const r = options.reception ?? {};
  const cardSessionUrl = lazy(r.cardSessionUrl ?? e.CARD_SESSION_PUBLIC_URL);
  return {
    ...(given.data.receptionDir ? { receptionDir: given.data.receptionDir } : {}),
    sessionTimeoutMillis: given.data.sessionTimeoutMillis ?? e.SESSION_TIMEOUT_MS,
    reception: {
      deviceRegistryUrl: lazy(r.deviceRegistryUrl ?? e.DEVICE_REGISTRY_PUBLIC_URL),
      cardSessionUrl,
      origins: lazy(r.origins ?? e.RECEPTION_ORIGINS ?? (() => [new URL(cardSessionUrl()).origin])),
      version: r.version ?? e.RELEASE_VERSION,
    },
    sessionStream: {
      rereadMillis: given.data.sessionStream?.rereadMillis ?? 1_000,
      heartbeatMillis: given.data.sessionStream?.heartbeatMillis ?? 15_000,
      maxMillis: given.data.sessionStream?.maxMillis ?? 600_000,
    },
    methodValidity: {
      healthInsuranceCardUntil: o.healthInsuranceCardUntil ?? e.HEALTH_INSURANCE_CARD_UNTIL,
      ...(grace ? { healthInsuranceCardGraceUntil: grace } : {}),
      mynaportalScreenFrom: o.mynaportalScreenFrom ?? e.MYNAPORTAL_SCREEN_FROM,
      mynaCardWithNoticeFrom: o.mynaCardWithNoticeFrom ?? e.MYNA_CARD_WITH_NOTICE_FROM,
      eligibilityCertificateFrom: o.eligibilityCertificateFrom ?? e.ELIGIBILITY_CERTIFICATE_FROM,
    },
    deviceKeys: deviceKeys ?? deviceKeyRingFromEnv(env),
  };
}

/** The configuration this process runs with: its environment, overridden by the module's options. */
export function cardSessionConfig(options: CardSessionOptions = {}): CardSessionConfig {
  return loadCardSessionConfig(process.env, options);
}
