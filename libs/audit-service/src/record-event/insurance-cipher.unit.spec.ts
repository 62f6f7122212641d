import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { decryptInsuranceFields, encryptInsuranceFields } from './insurance-cipher';

const data = { request: { sessionId: 's-1' }, result: { qualification: { insurerNumber: '06139012', symbol: 'AB12', number: '0012345', branch: '01' } } };
const clear = { 'result.qualification.symbol': 'AB12', 'result.qualification.number': '0012345', 'result.qualification.branch': '01' };

describe('insurance cipher', () => {
  it('round-trips the insurance fields under one key and refuses another key', () => {
    const sealed = encryptInsuranceFields(data, 'key-one-key-one-key-one-key-one-0')!;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('0012345');
    expect(decryptInsuranceFields(sealed, 'key-one-key-one-key-one-key-one-0')).toEqual(clear);
    expect(() => decryptInsuranceFields(sealed, 'key-two-key-two-key-two-key-two-0')).toThrow();
    expect(encryptInsuranceFields({ sessionId: 's-1' }, 'key-one-key-one-key-one-key-one-0')).toBeUndefined();
  });

  it('reads a blob sealed before the key was cached as a KeyObject (same HKDF key bytes)', () => {
    const piiKey = 'key-one-key-one-key-one-key-one-0';
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', piiKey, 'hcv-audit', 'insurance-cipher-v1', 32)), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(clear), 'utf8'), cipher.final()]);
    const sealed = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    expect(decryptInsuranceFields(sealed, piiKey)).toEqual(clear);
  });
});
