import { createHmac } from 'node:crypto';
import { insuranceFieldsOf } from './personal-fields';
import { pseudonym, pseudonymise } from './pseudonymise';

describe('audit pseudonymisation', () => {
  const data = {
    request: { sessionId: 's-1', voucherNumber: '26001000001' },
    result: {
      status: 'eligible',
      qualification: {
        insurerNumber: '06139018',
        symbol: 'AB12',
        number: '0012345',
        branch: '01',
        name: '佐藤　太郎',
        nameKana: 'サトウ',
        birthDate: '1970-05-01',
      },
    },
  };

  it('replaces every personal field by a keyed hash and keeps the rest', () => {
    const out = pseudonymise(data, 'k1') as typeof data;
    const text = JSON.stringify(out);
    for (const clear of ['AB12', '0012345', '佐藤', 'サトウ', '1970-05-01']) expect(text).not.toContain(clear);
    expect(out.result.qualification.insurerNumber).toBe('06139018');
    expect(out.request).toEqual(data.request);
    expect(out.result.qualification.number).toMatch(/^hmac:[0-9a-f]{32}$/);
  });

  it('is stable for one key (auditors can match) and differs across keys', () => {
    expect(pseudonym('0012345', 'k1')).toBe(pseudonym('0012345', 'k1'));
    expect(pseudonym('0012345', 'k1')).not.toBe(pseudonym('0012345', 'k2'));
    expect(pseudonym('ＡＢ12', 'k1')).toBe(pseudonym('AB12', 'k1'));
  });

  it('gives the pseudonyms stored before the key was cached (HMAC with the key string as UTF-8)', () => {
    for (const key of ['k1', 'bench-audit-key-not-for-deployments', '鍵-ｷｰ']) {
      expect(pseudonym('0012345', key)).toBe(`hmac:${createHmac('sha256', key).update('0012345').digest('hex').slice(0, 32)}`);
    }
  });
  it('gives a value repeated in one event (a voucher and its answer) one pseudonym, in arrays and numbers too', () => {
    const repeated = {
      voucher: { symbol: 'AB12', number: 12345 },
      answers: [{ symbol: 'AB12', number: '12345', name: '佐藤　太郎' }, null, 'text'],
      organisation: { name: '佐藤　太郎' },
    };
    const out = pseudonymise(repeated, { currentId: '2', current: 'k2' }) as typeof repeated;
    const hashed = (clear: string) => pseudonym(clear, { currentId: '2', current: 'k2' });
    expect(out).toEqual({
      voucher: { symbol: hashed('AB12'), number: hashed('12345') },
      answers: [{ symbol: hashed('AB12'), number: hashed('12345'), name: hashed('佐藤　太郎') }, null, 'text'],
      organisation: { name: hashed('佐藤　太郎') },
    });
    expect(out.voucher.symbol).toMatch(/^hmac\.2:[0-9a-f]{32}$/);
  });

  it('lists the insurance fields (記号・番号・枝番) by dotted path, arrays by index', () => {
    expect(insuranceFieldsOf(data)).toEqual({
      'result.qualification.symbol': 'AB12',
      'result.qualification.number': '0012345',
      'result.qualification.branch': '01',
    });
    expect(insuranceFieldsOf({ members: [{ number: 7 }, { symbol: 'X', nested: { branch: '02' } }], name: 'n' })).toEqual({
      'members.0.number': '7',
      'members.1.symbol': 'X',
      'members.1.nested.branch': '02',
    });
    expect(insuranceFieldsOf('0012345')).toEqual({});
  });
});
