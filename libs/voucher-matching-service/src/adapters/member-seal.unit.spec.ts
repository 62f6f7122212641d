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
});
