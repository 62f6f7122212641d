/**
 * The start-up refusals of NODE_ENV=production, shared by every service: a setting that is safe on a
 * laptop (a development key, HS256 staff tokens, plaintext Kafka, MongoDB without TLS or credentials)
 * stops the process before anything connects, with one line naming the setting and the way out.
 * Each service's config adds its own (its keys, the simulator) and calls `refuseUnsafeDefaults`;
 * the lines are listed in docs/deployment.md.
 */

/** A refusal's text: what is unsafe and what to set instead. */
export type Refusal = string;

/** Thrown by refuseUnsafeDefaults; runService prints `<service> refuses to start: <message>` and exits 2. */
export class UnsafeConfigurationError extends Error {
  constructor(readonly refusals: Refusal[]) {
    super(refusals.join('; '));
    this.name = 'UnsafeConfigurationError';
  }
}

const isTrue = (value: string | undefined) => value === 'true';
const isSet = (value: string | undefined) => value !== undefined && value !== '';

/** The refusal lines, stable so that docs and the start-up test can quote them. */
export const REFUSALS = {
  hs256StaffTokens:
    'staff tokens are HS256 (HCV_STAFF_TOKEN_SECRET), a shared secret that is development only: set STAFF_OIDC_ISSUER (and STAFF_OIDC_AUDIENCE)',
  kafkaInsecure:
    'Kafka is reached without TLS and SASL: set KAFKA_SSL=true and KAFKA_SASL_MECHANISM=scram-sha-512 with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_INSECURE=true to accept the risk)',
  mongoInsecure:
    'MongoDB is reached without TLS or authentication: MONGO_URL needs tls=true and credentials (or MONGO_INSECURE=true to accept the risk)',
  keyDevDefault: (name: string) => `${name} is unset or the development default: set it from a secret (at least 32 random characters)`,
  keyShort: (name: string) => `${name} must be at least 32 characters in production`,
  simulator:
    'the simulator is refused with NODE_ENV=production (it answers from a synthetic population): use device-reported or oqs-terminal (or ELIGIBILITY_SIMULATOR_ALLOWED=true for a load test)',
} as const;

/** Whether MONGO_URL asks for TLS (tls/ssl=true, or +srv whose default is TLS) and carries credentials (or X.509). */
export function mongoUrlIsSecure(url: string): { tls: boolean; auth: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^mongodb(\+srv)?:\/\//, 'http://').replace(/@([^/?]*,[^/?]*)/, '@host'));
  } catch {
    return { tls: false, auth: false };
  }
  const query = new Map([...parsed.searchParams].map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  const srv = url.startsWith('mongodb+srv://');
  const tlsSetting = query.get('tls') ?? query.get('ssl');
  const tls = tlsSetting === 'true' || (srv && tlsSetting !== 'false');
  const auth = parsed.username !== '' || query.get('authmechanism') === 'mongodb-x509';
  return { tls, auth };
}

/** The platform's own refusals: staff tokens, Kafka and MongoDB transport. */
export function platformRefusals(env: NodeJS.ProcessEnv): Refusal[] {
  const refusals: Refusal[] = [];
  if (!isSet(env.STAFF_OIDC_ISSUER)) refusals.push(REFUSALS.hs256StaffTokens);
  const kafkaSecure = isTrue(env.KAFKA_SSL) && isSet(env.KAFKA_SASL_MECHANISM);
  if (!kafkaSecure && !isTrue(env.KAFKA_INSECURE)) refusals.push(REFUSALS.kafkaInsecure);
  const mongo = mongoUrlIsSecure(env.MONGO_URL ?? '');
  // Credentials may also come beside the URL (MONGO_USERNAME with MONGO_PASSWORD[_FILE]).
  const mongoAuth = mongo.auth || isSet(env.MONGO_USERNAME);
  if (!(mongo.tls && mongoAuth) && !isTrue(env.MONGO_INSECURE)) refusals.push(REFUSALS.mongoInsecure);
  return refusals;
}

/**
 * With NODE_ENV=production, throws UnsafeConfigurationError listing the platform's refusals and the
 * service's own (`own`, computed by its config); outside production it does nothing.
 */
export function refuseUnsafeDefaults(env: NodeJS.ProcessEnv, own: readonly (Refusal | undefined)[] = []): void {
  if (env.NODE_ENV !== 'production') return;
  const refusals = [...platformRefusals(env), ...own.filter((r): r is Refusal => r !== undefined)];
  if (refusals.length) throw new UnsafeConfigurationError(refusals);
}

/**
 * A key setting's refusal: unset (and no `_FILE`), equal to the development default, or shorter than
 * 32 characters. `values` are every secret the setting holds (a key ring's keys).
 */
export function devKeyRefusal(name: string, values: readonly string[], devDefaults: readonly string[]): Refusal | undefined {
  if (!values.length) return REFUSALS.keyDevDefault(name);
  if (values.some((v) => devDefaults.includes(v))) return REFUSALS.keyDevDefault(name);
  if (values.some((v) => v.length < 32)) return REFUSALS.keyShort(name);
  return undefined;
}
