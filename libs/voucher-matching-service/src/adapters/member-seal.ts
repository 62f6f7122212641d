import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { keyOf, keyRingOf, SINGLE_KEY_ID, type KeyRing } from '@hcv/platform-runtime';
import { normaliseMemberField } from '../domain/member-normalise';
import type { MemberFields, MemberSeal, MemberSealer } from '../domain/voucher';

/**
 * Seals member fields with HMAC-SHA256 under the service's key (VOUCHER_PII_KEY), base64url: each
 * value normalised exactly as the matcher compares it (normaliseMemberField: width-folded; a name
 * also without spaces and with its 異体字 folded), prefixed with its field name so equal values of
 * different fields never share a digest. Both sides — the imported record and the eligibility
 * answer — are sealed here, so they are folded alike.
 *
 * The key is one of a ring (VOUCHER_PII_KEY is key 1, VOUCHER_PII_KEYS adds more): a record names the
 * key it was digested under (`keyId`, absent for key 1), and the answer is sealed under that key to be
 * compared, so records digested before a rotation keep matching. A re-import digests under the
 * current key.
 */
export class MemberDigester implements MemberSealer {
  /** Imported once per key: a string key would be imported again for every digest (five per voucher row). */
  private readonly keys = new Map<string, KeyObject>();
  private readonly ring: KeyRing;
  constructor(keys: string | KeyRing) {
    if (!keys) throw new Error('MemberDigester needs a key');
    this.ring = typeof keys === 'string' ? keyRingOf({ [SINGLE_KEY_ID]: keys }) : keys;
  }

  private keyObject(keyId: string): KeyObject {
    let key = this.keys.get(keyId);
    if (!key) {
      key = createSecretKey(keyOf(this.ring, keyId), 'utf8');
      this.keys.set(keyId, key);
    }
    return key;
  }

  private digest(key: KeyObject, field: keyof MemberFields, value: string): string {
    return createHmac('sha256', key)
      .update(`${field}\u0000${normaliseMemberField(field, value)}`, 'utf8')
      .digest('base64url');
  }

  seal(member: MemberFields, keyId: string = this.ring.currentId): MemberSeal {
    const key = this.keyObject(keyId);
    return {
      symbol: this.digest(key, 'symbol', member.symbol),
      number: this.digest(key, 'number', member.number),
      ...(member.branch !== undefined ? { branch: this.digest(key, 'branch', member.branch) } : {}),
      name: this.digest(key, 'name', member.name),
      birthDate: this.digest(key, 'birthDate', member.birthDate),
      ...(keyId !== SINGLE_KEY_ID ? { keyId } : {}),
    };
  }
}
