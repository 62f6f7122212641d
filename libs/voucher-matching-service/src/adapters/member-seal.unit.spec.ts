import { keyRingOf } from '@hcv/platform-runtime';
import { keyIdOf } from '../domain/voucher';
import { firstMemberMismatch } from '../domain/voucher-matcher';
import { MemberDigester } from './member-seal';

const member = { symbol: 'AB12', number: '0012345', branch: '01', name: '佐藤 太郎', birthDate: '1970-05-01' };

describe('member seal (keyed digests)', () => {
  it('seals the fields as the matcher compares them: width-folded, a name without spaces', () => {
    const digester = new MemberDigester('unit-test-voucher-key');
    expect(digester.seal({ ...member, symbol: 'ＡＢ１２', name: '佐藤　太郎' })).toEqual(digester.seal(member));
    expect(digester.seal({ ...member, name: '佐藤 次郎' }).name).not.toBe(digester.seal(member).name);
  });

  it('never holds a value in clear, and another key gives other digests', () => {
    const sealed = new MemberDigester('unit-test-voucher-key').seal(member);
    for (const value of Object.values(member)) expect(JSON.stringify(sealed)).not.toContain(value);
    expect(new MemberDigester('another-key').seal(member).number).not.toBe(sealed.number);
    expect(() => new MemberDigester('')).toThrow('needs a key');
  });
});

describe('member seal and the 異体字 fold', () => {
  it('seals a name written with a 異体字 like the everyday form (髙/高, 﨑/崎), and a different surname differently', () => {
    const digester = new MemberDigester('unit-test-voucher-key');
    expect(digester.seal({ ...member, name: '髙﨑 太郎' }).name).toBe(digester.seal({ ...member, name: '高崎　太郎' }).name);
    expect(digester.seal({ ...member, name: '齊藤 太郎' }).name).not.toBe(digester.seal({ ...member, name: '斎藤 太郎' }).name);
  });

  it('rotates: records digested under key 1 keep matching once key 2 writes; new records name their key', () => {
    const [one, two] = ['unit-test-voucher-key-one-0000000000', 'unit-test-voucher-key-two-0000000000'];
    const stored = new MemberDigester(one).seal(member);
    expect(stored.keyId).toBeUndefined();
    const rotated = new MemberDigester(keyRingOf({ '1': one, '2': two }, '2'));
    // The answer sealed under the record's key: equal digests, no mismatch.
    expect(keyIdOf(stored)).toBe('1');
    expect(rotated.seal(member, keyIdOf(stored))).toEqual(stored);
    expect(firstMemberMismatch(stored, rotated.seal(member, keyIdOf(stored)))).toBeUndefined();
    expect(firstMemberMismatch(stored, rotated.seal({ ...member, birthDate: '1970-05-02' }, keyIdOf(stored)))).toBe('birthDate');
    // Sealed under the current key instead, the same person would be a mismatch: the key id matters.
    expect(firstMemberMismatch(stored, rotated.seal(member))).toBe('symbol');
    // A record imported now: digested under key 2, and says so.
    const fresh = rotated.seal(member);
    expect(fresh.keyId).toBe('2');
    expect(fresh.number).not.toBe(stored.number);
    expect(firstMemberMismatch(fresh, rotated.seal(member, keyIdOf(fresh)))).toBeUndefined();
    // Key 1 taken out of the ring before the records were re-imported: named, not a silent mismatch.
    expect(() => new MemberDigester(keyRingOf({ '2': two })).seal(member, '1')).toThrow(/key id 1 is not in the key ring/);
  });
});
