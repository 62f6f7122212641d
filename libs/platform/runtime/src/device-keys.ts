import { DEV_DEVICE_KEY_ENCRYPTION_KEY } from '@hcv/platform-access';
import { keyRingFromSettings, type KeyRing } from './key-ring';
import { devKeyRefusal, type Refusal } from './production-safety';

/**
 * The device-key ring (DEVICE_KEY_ENCRYPTION_KEYS `<id>=<secret>` pairs, DEVICE_KEY_ENCRYPTION_KEY_CURRENT):
 * device-registry seals signing keys with its current key, card-session and qualification-lookup
 * open them with any key of the ring. Unset outside production: a development ring every process shares.
 */
export function deviceKeyRingFromEnv(env: NodeJS.ProcessEnv): KeyRing {
  return keyRingFromSettings({
    name: 'DEVICE_KEY_ENCRYPTION_KEY',
    ring: { value: env.DEVICE_KEY_ENCRYPTION_KEYS, file: env.DEVICE_KEY_ENCRYPTION_KEYS_FILE },
    current: env.DEVICE_KEY_ENCRYPTION_KEY_CURRENT,
    devDefault: DEV_DEVICE_KEY_ENCRYPTION_KEY,
  });
}

/** The refusal of a development or short device-key ring in production. */
export function deviceKeyRefusal(env: NodeJS.ProcessEnv): Refusal | undefined {
  const ring = deviceKeyRingFromEnv(env);
  return devKeyRefusal('DEVICE_KEY_ENCRYPTION_KEYS', [...ring.keys.values()], [DEV_DEVICE_KEY_ENCRYPTION_KEY.secret]);
}
