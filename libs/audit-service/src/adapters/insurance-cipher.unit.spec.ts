import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { decryptInsuranceFields, encryptInsuranceFields } from './insurance-cipher';

const data = {
  request: { sessionId: 's-1' },
  result: { qualification: { insurerNumber: '06139018', symbol: 'AB12', number: '0012345', branch: '01' } },
};
// Random keys: no literal value under a secret-like name (the repository's secret scan).
const keyOne = randomBytes(24).toString('base64url');
const keyTwo = randomBytes(24).toString('base64url');
const clear = { 'result.qualification.symbol': 'AB12', 'result.qualification.number': '0012345', 'result.qualification.branch': '01' };

describe('insurance cipher', () => {
  it('round-trips the insurance fields under one key and refuses another key', () => {
    const sealed = encryptInsuranceFields(data, keyOne)!;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('0012345');
    expect(decryptInsuranceFields(sealed, keyOne)).toEqual(clear);
    expect(() => decryptInsuranceFields(sealed, keyTwo)).toThrow();
    expect(encryptInsuranceFields({ sessionId: 's-1' }, keyOne)).toBeUndefined();
  });

  it('reads a blob sealed before the key was cached as a KeyObject (same HKDF key bytes)', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', keyOne, 'hcv-audit', 'insurance-cipher-v1', 32)), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(clear), 'utf8'), cipher.final()]);
    const sealed = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    expect(decryptInsuranceFields(sealed, keyOne)).toEqual(clear);
  });
});
