import { plainCopy } from './plain-copy';

describe('plainCopy', () => {
  it('copies plain data at every depth, equal to structuredClone and sharing nothing', () => {
    const value = { a: 1, s: 'x', n: null, u: undefined, nested: { list: [1, { deep: true }], empty: {} }, arr: [[1, 2], []] };
    const copy = plainCopy(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(copy.nested).not.toBe(value.nested);
    expect(copy.nested.list[1]).not.toBe(value.nested.list[1]);
    expect(copy.arr[0]).not.toBe(value.arr[0]);
    (copy.nested.list[1] as { deep: boolean }).deep = false;
    expect((value.nested.list[1] as { deep: boolean }).deep).toBe(true);
  });

  it('copies a Date or a Map as structuredClone does, and primitives as they are', () => {
    const at = new Date('2026-11-25T00:00:00Z');
    const copy = plainCopy({ at, m: new Map([['k', { v: 1 }]]) });
    expect(copy.at).toEqual(at);
    expect(copy.at).not.toBe(at);
    expect(copy.m.get('k')).toEqual({ v: 1 });
    expect(plainCopy('text')).toBe('text');
    expect(plainCopy(null)).toBeNull();
  });
});
