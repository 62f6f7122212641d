import { createHmac } from 'node:crypto';
import { normalizeWidth } from '@hcv/domain';

/** The member fields a voucher is matched on (記号・番号・枝番, name, birth date). */
export interface MemberFields {
  symbol: string;
  number: string;
  branch?: string;
  name: string;
  birthDate: string;
}

/**
 * The same fields as keyed digests (HMAC-SHA256 under VOUCHER_PII_KEY, base64url). Matching only
 * asks "equal or not, and which field first", so the vouchers collection never needs them in clear:
 * each value is normalised exactly as the matcher compares it (width-folded; a name also without
 * spaces) and then digested. Without the key a digest cannot be tested against guesses.
 */
export type MemberSeal = MemberFields;

/** What an API may show of a voucher's member fields: at most the last two characters. */
export interface MaskedMember {
  symbol: string;
  number: string;
  branch?: string;
}

export function mask(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}

export class MemberDigester {
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

  static masked(member: MemberFields): MaskedMember {
    const symbol = normalizeWidth(member.symbol);
    const number = normalizeWidth(member.number);
    return { symbol: mask(symbol), number: mask(number), ...(member.branch !== undefined ? { branch: mask(member.branch) } : {}) };
  }
}
