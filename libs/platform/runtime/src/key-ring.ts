import { readFileSync } from 'node:fs';

/**
 * A secret with key ids, so that it can be rotated without downtime: every key in the ring is
 * read (old records, old events stay readable), the current one writes. Rotation is two roll-outs:
 * add the new key to the ring everywhere, then make it current; a re-encryption CLI moves old
 * records over; then the old key can leave the ring.
 *
 * Settings for a ring named NAME: `NAME` (one key, id `1`: the form used before rotation),
 * `NAMES` (`<id>=<secret>` pairs separated by commas or whitespace; ids are letters, digits, `_`,
 * `-`, `.`), each also as `<setting>_FILE` (a mounted secret), and `NAME_CURRENT` (the id that
 * writes; default `1` when NAME is set, else the ring's only key).
 */
export interface KeyRing {
  /** The id new records and events are written with. */
  currentId: string;
  /** The current key's secret. */
  current: string;
  /** Every key by id (the current one included). */
  keys: ReadonlyMap<string, string>;
}

export const SINGLE_KEY_ID = '1';
const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export class KeyRingError extends Error {}

/** The key of `id`, or a KeyRingError naming the missing id (a record from a key taken out of the ring). */
export function keyOf(ring: KeyRing, id: string): string {
  const key = ring.keys.get(id);
  if (key === undefined) throw new KeyRingError(`key id ${id} is not in the key ring`);
  return key;
}

/** `<id>=<secret>` pairs; the secret is everything after the first `=` (base64 padding stays). */
export function parseKeyPairs(name: string, raw: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of raw.split(/[\s,]+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    const id = pair.slice(0, Math.max(at, 0));
    const secret = pair.slice(at + 1);
    if (at <= 0 || !KEY_ID.test(id) || !secret) throw new KeyRingError(`Invalid configuration: ${name} must be <id>=<secret> pairs`);
    if (keys.has(id)) throw new KeyRingError(`Invalid configuration: ${name} names key id ${id} twice`);
    keys.set(id, secret);
  }
  return keys;
}

const fromFileOr = (file: string | undefined, value: string | undefined) =>
  (file ? readFileSync(file, 'utf8').trim() : value?.trim()) || undefined;

/**
 * The ring from its settings (the caller passes `env.X` itself so that the names stay greppable);
 * `devDefault` (a ring of one development key) is used when nothing is set, which
 * refuseUnsafeDefaults refuses in production. Throws naming the setting at fault.
 */
export function keyRingFromSettings(input: {
  /** NAME: the ring's name; its settings are NAME, NAMES, NAME_CURRENT (and the _FILE forms). */
  name: string;
  /** NAME / NAME_FILE: one key, id 1 (rings that existed before rotation). */
  single?: { value: string | undefined; file: string | undefined };
  /** NAMES / NAMES_FILE: `<id>=<secret>` pairs. */
  ring: { value: string | undefined; file: string | undefined };
  /** NAME_CURRENT. */
  current: string | undefined;
  devDefault?: { id: string; secret: string };
}): KeyRing {
  const { name } = input;
  const keys = new Map<string, string>();
  const single = input.single ? fromFileOr(input.single.file, input.single.value) : undefined;
  if (single) keys.set(SINGLE_KEY_ID, single);
  const ringSetting = `${name}S`;
  const ring = fromFileOr(input.ring.file, input.ring.value);
  if (ring) {
    for (const [id, secret] of parseKeyPairs(ringSetting, ring)) {
      if (keys.has(id) && keys.get(id) !== secret)
        throw new KeyRingError(`Invalid configuration: ${ringSetting} gives key id ${id} another secret than ${name}`);
      keys.set(id, secret);
    }
  }
  if (!keys.size) {
    if (input.devDefault) keys.set(input.devDefault.id, input.devDefault.secret);
    else throw new KeyRingError(`Invalid configuration: ${input.single ? `${name} or ` : ''}${ringSetting} must be set`);
  }
  const currentSetting = `${name}_CURRENT`;
  const currentId = input.current?.trim() || (single ? SINGLE_KEY_ID : keys.size === 1 ? [...keys.keys()][0]! : undefined);
  if (!currentId)
    throw new KeyRingError(`Invalid configuration: ${currentSetting} must name the key that writes (${[...keys.keys()].join(', ')})`);
  const current = keys.get(currentId);
  if (current === undefined)
    throw new KeyRingError(`Invalid configuration: ${currentSetting} names key id ${currentId}, which ${ringSetting} lacks`);
  return { currentId, current, keys };
}

/** A ring of given keys (tests, embedded mode); the first is current unless `currentId` says. */
export function keyRingOf(keys: Record<string, string>, currentId?: string): KeyRing {
  const map = new Map(Object.entries(keys));
  const id = currentId ?? [...map.keys()][0];
  if (id === undefined || !map.has(id)) throw new KeyRingError(`key ring lacks its current key ${String(id)}`);
  return { currentId: id, current: map.get(id)!, keys: map };
}
