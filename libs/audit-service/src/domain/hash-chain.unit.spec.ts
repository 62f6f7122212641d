import { createHash } from 'node:crypto';
import { canonicalJson, seal, verifyChains, type ChainedAuditRecord } from './hash-chain';
import type { AuditRecord } from './audit-record';

/**
 * The first form of canonicalJson, kept here as the definition the stored chains were hashed with:
 * the faster one must give the same bytes for every input.
 */
function definition(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(definition).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${definition(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const record = (id: string, data: unknown): AuditRecord => ({
  id,
  type: 'session.completed',
  version: 2,
  time: '2026-11-25T10:00:00.000Z',
  source: 'card-session',
  subject: 's-1',
  correlationId: 'c-1',
  data,
  facets: { sessionId: 's-1', siteId: 'site-1' },
  topic: 'card-session.session-completed.v2',
  partition: 3,
  offset: '17',
  recordedAt: '2026-11-25T10:00:00.100Z',
});

describe('canonicalJson', () => {
  it.each([
    ['nested objects, keys out of order', { b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' } }],
    ['undefined fields dropped, undefined array slots kept empty', { a: undefined, b: [1, undefined, null, 2], c: { d: undefined } }],
    ['keys that need escaping and non-ASCII keys', { 'a"b': 1, 'x\\y': 2, 記号: 'hmac:00', '\u0001': true, '': 0 }],
    ['numbers, booleans, empty containers', { n: -0.5, big: 1e21, t: true, f: false, e: {}, l: [] }],
    ['a Date and a function as values', { at: new Date(0), fn: () => 1 }],
    ['top-level primitives and arrays', [['x', 1], 'plain', 42, null]],
    ['numeric-looking keys', { 10: 'a', 2: 'b', '01': 'c', a: 'd' }],
    [
      'many keys in reverse and mixed order, upper and lower case',
      Object.fromEntries([...'zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA_9'].map((k, i) => [`${k}${i % 3 ? k : ''}`, i])),
    ],
  ])('gives the same bytes as its definition: %s', (_name, value) => {
    expect(canonicalJson(value)).toBe(definition(value));
  });

  it('differs when any nested value differs (so the hash does)', () => {
    expect(canonicalJson({ a: { b: [1, 2] } })).not.toBe(canonicalJson({ a: { b: [2, 1] } }));
  });
});

describe('hash chain', () => {
  it('verifies a sealed chain and names a changed record', () => {
    const chain: ChainedAuditRecord[] = [];
    for (let i = 0; i < 5; i++) chain.push(seal(record(`e-${i}`, { step: i, card: { symbol: 'hmac:1' } }), chain.at(-1) ?? null));
    expect(verifyChains(chain)).toEqual({ ok: true, chains: 1, records: 5 });
    const tampered = chain.map((r, i) => (i === 2 ? { ...r, data: { step: 99, card: { symbol: 'hmac:1' } } } : r));
    expect(verifyChains(tampered).firstBroken).toMatchObject({ seq: 3, problem: 'content-changed' });
  });

  it('seals with the hash the stored chains were sealed with: SHA-256 of the definition, without the hash field', () => {
    const head = seal(record('e-0', { step: 0 }), null);
    const sealed = seal(record('e-1', { step: 1, card: { symbol: 'hmac:1' }, none: undefined }), head);
    const { hash, ...rest } = sealed;
    expect(Object.keys(sealed).at(-1)).toBe('hash');
    expect(hash).toBe(createHash('sha256').update(definition(rest)).digest('hex'));
    expect(sealed).toMatchObject({ seq: 2, prevHash: head.hash });
  });
});
