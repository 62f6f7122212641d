import { createHmac } from 'node:crypto';
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
});
