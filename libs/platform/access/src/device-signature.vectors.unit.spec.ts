import { deviceSignatureVectors } from '@hcv/testing';
import { DEVICE_HEADERS, signature, signingKeyFromSecret, signRequest } from './device-signature';

/**
 * The shared test vectors (device-signature.vectors.json): the same inputs must give the same
 * signature here and in the reception app's browser build, which signs with WebCrypto from the key
 * SHA-256(utf8(secret)). They were computed from the wire format itself (HMAC-SHA256 over METHOD,
 * path with its query, SHA-256 of the body in hex, timestamp and nonce, one per line), not by this code.
 */
const vectors = deviceSignatureVectors();

describe('device signature test vectors', () => {
  it('cover a Japanese body, an empty body, a query string in the path and a lower-case method', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
    expect(vectors.some((v) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(v.body))).toBe(true);
    expect(vectors.some((v) => v.body === '')).toBe(true);
    expect(vectors.some((v) => v.path.includes('?'))).toBe(true);
    expect(vectors.some((v) => v.method !== v.method.toUpperCase())).toBe(true);
  });

  it.each(vectors.map((v) => [`${v.method} ${v.path}`, v] as const))('%s: the signing key and the signature match', (_name, v) => {
    expect(signingKeyFromSecret(v.secret)).toBe(v.signingKey);
    expect(Buffer.from(v.signingKey, 'base64url')).toHaveLength(32);
    expect(signature(v.signingKey, v.method, v.path, v.body, v.timestamp, v.nonce)).toBe(v.signature);
    expect(signature(v.signingKey, v.method, v.path, Buffer.from(v.body, 'utf8'), v.timestamp, v.nonce)).toBe(v.signature);
    const headers = signRequest({
      deviceId: 'd',
      signingKey: v.signingKey,
      method: v.method,
      path: v.path,
      body: v.body,
      now: Number(v.timestamp),
      nonce: v.nonce,
    });
    expect(headers[DEVICE_HEADERS.signature]).toBe(v.signature);
  });

  it('changes with any part: a vector with another body, path or nonce does not verify', () => {
    const v = vectors[0]!;
    expect(signature(v.signingKey, v.method, v.path, `${v.body} `, v.timestamp, v.nonce)).not.toBe(v.signature);
    expect(signature(v.signingKey, v.method, `${v.path}/`, v.body, v.timestamp, v.nonce)).not.toBe(v.signature);
    expect(signature(v.signingKey, v.method, v.path, v.body, v.timestamp, `${v.nonce}x`)).not.toBe(v.signature);
  });
});
