import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { keyRingOf } from '@hcv/platform-runtime';
import { pseudonym } from '../domain/pseudonymise';
import { cipherKeyId, decryptInsuranceFields, encryptInsuranceFields } from './insurance-cipher';

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

  it('rotates without downtime: a new key written under its id, old blobs still read by the ring, a key taken out named', () => {
    const before = encryptInsuranceFields(data, keyOne)!;
    // Roll-out 1: the new key joins the ring, key 1 still writes.
    const joined = keyRingOf({ '1': keyOne, '2027a': keyTwo }, '1');
    expect(cipherKeyId(encryptInsuranceFields(data, joined)!)).toBe('1');
    // Roll-out 2: the new key writes; blobs of both keys read.
    const rotated = keyRingOf({ '1': keyOne, '2027a': keyTwo }, '2027a');
    const after = encryptInsuranceFields(data, rotated)!;
    expect(after).toMatch(/^v2\.2027a\./);
    expect(cipherKeyId(after)).toBe('2027a');
    expect(decryptInsuranceFields(after, rotated)).toEqual(clear);
    expect(decryptInsuranceFields(before, rotated)).toEqual(clear);
    // Key 1 leaves the ring (after the re-encryption): its blobs say which key is missing.
    const retired = keyRingOf({ '2027a': keyTwo });
    expect(decryptInsuranceFields(after, retired)).toEqual(clear);
    expect(() => decryptInsuranceFields(before, retired)).toThrow(/key id 1 is not in the key ring/);
    // Pseudonyms name their key too (key 1 keeps the form it always had).
    expect(pseudonym('0012345', { currentId: '1', current: keyOne })).toBe(pseudonym('0012345', keyOne));
    expect(pseudonym('0012345', rotated)).toMatch(/^hmac\.2027a:[0-9a-f]{32}$/);
  });
});
