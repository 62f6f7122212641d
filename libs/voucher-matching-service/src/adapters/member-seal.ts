import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { normaliseMemberField } from '../domain/member-normalise';
import type { MemberFields, MemberSeal, MemberSealer } from '../domain/voucher';

/**
 * Seals member fields with HMAC-SHA256 under the service's key (VOUCHER_PII_KEY), base64url: each
 * value normalised exactly as the matcher compares it (normaliseMemberField: width-folded; a name
 * also without spaces and with its 異体字 folded), prefixed with its field name so equal values of
 * different fields never share a digest. Both sides — the imported record and the eligibility
 * answer — are sealed here, so they are folded alike.
 */
export class MemberDigester implements MemberSealer {
  /** Imported once: a string key would be imported again for every digest (five per voucher row). */
  private readonly key: KeyObject;
  constructor(key: string) {
    if (!key) throw new Error('MemberDigester needs a key');
    this.key = createSecretKey(key, 'utf8');
  }

  private digest(field: keyof MemberFields, value: string): string {
    return createHmac('sha256', this.key)
      .update(`${field}\u0000${normaliseMemberField(field, value)}`, 'utf8')
      .digest('base64url');
  }

  seal(member: MemberFields): MemberSeal {
    return {
      symbol: this.digest('symbol', member.symbol),
      number: this.digest('number', member.number),
      ...(member.branch !== undefined ? { branch: this.digest('branch', member.branch) } : {}),
      name: this.digest('name', member.name),
      birthDate: this.digest('birthDate', member.birthDate),
    };
  }
}
