import { createHmac } from 'node:crypto';
import { normalizeWidth } from '@hcv/domain';
import type { MemberFields, MemberSeal, MemberSealer } from '../domain/voucher';

/**
 * Seals member fields with HMAC-SHA256 under the service's key (VOUCHER_PII_KEY), base64url: each
 * value normalised exactly as the matcher compares it (width-folded; a name also without spaces),
 * prefixed with its field name so equal values of different fields never share a digest.
 */
export class MemberDigester implements MemberSealer {
  constructor(private readonly key: string) {
    if (!key) throw new Error('MemberDigester needs a key');
  }

  private digest(field: keyof MemberFields, normalised: string): string {
    return createHmac('sha256', this.key).update(`${field}\u0000${normalised}`, 'utf8').digest('base64url');
  }

  seal(member: MemberFields): MemberSeal {
    return {
      symbol: this.digest('symbol', normalizeWidth(member.symbol)),
      number: this.digest('number', normalizeWidth(member.number)),
      ...(member.branch !== undefined ? { branch: this.digest('branch', member.branch) } : {}),
      name: this.digest('name', normalizeWidth(member.name).replace(/\s/g, '')),
      birthDate: this.digest('birthDate', member.birthDate),
    };
  }
}
