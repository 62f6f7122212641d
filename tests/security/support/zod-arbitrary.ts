import fc from 'fast-check';

/**
 * fast-check arbitraries from the zod request contracts (zod 4's schema definitions), so that the
 * fuzzer generates what the contract describes — and then, through `mutated`, what it does not.
 * Refinements are not inverted: a generated value may still fail one, which is fine, the service
 * must then refuse it with a typed 400.
 */
interface ZodInternals {
  _zod: {
    def: Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> & { check: string } } }> };
    pattern?: RegExp;
  };
}
const internals = (schema: unknown) => (schema as ZodInternals)._zod;

/** Realistic values by field name (a registered device id, a valid institution number…), mixed into the generated ones. */
export type FieldHints = Record<string, fc.Arbitrary<unknown>>;

const anyString = (minLength = 0, maxLength = 80) =>
  fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.string({ minLength, maxLength, unit: 'binary' }),
    fc.string({ minLength, maxLength }),
  );

function stringArbitrary(schema: unknown): fc.Arbitrary<string> {
  const z = internals(schema);
  let pattern: RegExp | undefined = typeof z.def.format === 'string' && z.def.format !== 'regex' ? z.pattern : undefined;
  let min = 0;
  let max = 120;
  for (const check of z.def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'string_format' && d.pattern instanceof RegExp) pattern = d.pattern;
    if (d.check === 'min_length') min = d.minimum as number;
    if (d.check === 'max_length') max = d.maximum as number;
    if (d.check === 'length_equals') min = max = d.length as number;
  }
  if (pattern) return fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= max);
  return anyString(min, Math.min(max, min + 120));
}

function numberArbitrary(schema: unknown): fc.Arbitrary<number> {
  const z = internals(schema);
  let integer = false;
  let min = -1e9;
  let max = 1e9;
  for (const check of z.def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'number_format' && (d.format === 'safeint' || d.format === 'int32')) integer = true;
    if (d.check === 'greater_than') min = (d.value as number) + (d.inclusive ? 0 : integer ? 1 : Number.EPSILON);
    if (d.check === 'less_than') max = (d.value as number) - (d.inclusive ? 0 : integer ? 1 : Number.EPSILON);
  }
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function arrayBounds(schema: unknown): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = 5;
  for (const check of internals(schema).def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'min_length') minLength = d.minimum as number;
    if (d.check === 'max_length') maxLength = Math.min(d.maximum as number, minLength + 5);
  }
  return { minLength, maxLength: Math.max(minLength, maxLength) };
}

/** A value the schema describes (modulo refinements); hints by field name are mixed in. */
export function arbitraryFor(schema: unknown, hints: FieldHints = {}, field?: string): fc.Arbitrary<unknown> {
  const generated = structural(schema, hints);
  const hint = field ? hints[field] : undefined;
  return hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function structural(schema: unknown, hints: FieldHints): fc.Arbitrary<unknown> {
  const def = internals(schema).def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        model[key] = arbitraryFor(value, hints, key);
        if (!['optional', 'default'].includes(internals(value).def.type)) required.push(key);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(arbitraryFor(def.element, hints), arrayBounds(schema));
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(def.innerType, hints);
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => arbitraryFor(o, hints)));
    case 'pipe':
      return arbitraryFor(def.in, hints);
    default:
      // unknown / any / transforms: any JSON value
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Values that must never reach a database query or change behaviour: operator injection, pollution, extremes. */
export const HOSTILE_VALUES: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(5000) || true' },
  { $regex: '.*' },
  { $in: ['a', 'b'] },
  { $expr: { $eq: [1, 1] } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  [],
  [{ $gt: '' }],
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.1,
  '',
  ' ',
  '\u0000',
  '\ud800',
  'x'.repeat(5_000),
  '１２３４５６７８９０１', // full-width digits
  "' OR '1'='1' --",
  '"; DROP TABLE vouchers; --',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/a}',
  '%00',
  'constructor',
  '__proto__',
];

/** Keys that must be refused (unknown field) rather than merged into anything. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', 'toString', 'hasOwnProperty'];

/** Sets `key` as an own, enumerable property even when it is `__proto__` (JSON.stringify then writes it). */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target))
    Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Paths to every value inside a JSON value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  if (value && typeof value === 'object')
    return withKey(
      value as Record<string, unknown>,
      String(head),
      replaceAt((value as Record<string, unknown>)[String(head)], rest, replacement),
    );
  return value;
}

function deleteAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || !value || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(value)) return value.filter((_, i) => i !== head);
    const { [String(head)]: _gone, ...others } = value as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? deleteAt(v, rest) : v));
  return { ...(value as Record<string, unknown>), [String(head)]: deleteAt((value as Record<string, unknown>)[String(head)], rest) };
}

/** A valid value with one thing wrong: a hostile or random value somewhere, a field gone, a hostile key added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((value) => {
    const paths = pathsOf(value);
    const objectPaths = paths.filter((p) => {
      const v = p.reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k as string], value);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const at = fc.constantFrom(...paths);
    return fc.oneof(
      fc.tuple(at, fc.constantFrom(...HOSTILE_VALUES)).map(([p, v]) => replaceAt(value, p, v)),
      fc.tuple(at, fc.jsonValue({ maxDepth: 2 })).map(([p, v]) => replaceAt(value, p, v)),
      at.map((p) => deleteAt(value, p)),
      objectPaths.length
        ? fc.tuple(fc.constantFrom(...objectPaths), fc.constantFrom(...HOSTILE_KEYS), fc.constantFrom(...HOSTILE_VALUES)).map(([p, k, v]) =>
            replaceAt(
              value,
              p,
              withKey(
                p.reduce<Record<string, unknown>>(
                  (o, key) => o[key as string] as Record<string, unknown>,
                  value as Record<string, unknown>,
                ),
                k,
                v,
              ),
            ),
          )
        : fc.constant(value),
    );
  });
}
