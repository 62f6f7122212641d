import { z } from 'zod';
import { ALL_EVENT_CONTRACTS, defineEvent, EnvelopeBase, isDefinedEvent } from '@hcv/contracts';
import { buildEnvelope, eventTime } from './envelope-codec';

describe('eventTime (envelope time with microseconds)', () => {
  it('stamps valid ISO times that sort in the order they were taken, across milliseconds', () => {
    const stamps: string[] = [];
    const until = Date.now() + 5;
    while (Date.now() < until || stamps.length < 1000) stamps.push(eventTime());
    const takenAt = Date.now();
    expect(
      stamps.filter((t) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(t) || !EnvelopeBase.shape.time.safeParse(t).success),
    ).toEqual([]);
    expect([...stamps].sort()).toEqual(stamps);
    // Several milliseconds were crossed, and every stamp is the wall-clock time (to the clock's drift).
    expect(new Set(stamps.map((t) => t.slice(0, 23))).size).toBeGreaterThan(1);
    expect(Math.abs(Date.parse(stamps.at(-1)!) - takenAt)).toBeLessThan(1_000);
  });
});

/** Zod types whose parse output, written as JSON and parsed again, could differ from the first output. */
const NOT_JSON_IDEMPOTENT = new Set([
  'transform',
  'pipe',
  'default',
  'prefault',
  'catch',
  'date',
  'bigint',
  'symbol',
  'undefined',
  'map',
  'set',
  'promise',
  'function',
  'nan',
]);

/** Every zod type reachable from `schema` (through objects, arrays, unions, wrappers). */
function typesIn(schema: unknown, seen = new Set<unknown>()): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const children: unknown[] = [];
  if (def.shape) children.push(...Object.values(def.shape as Record<string, unknown>));
  for (const key of ['element', 'innerType', 'in', 'out', 'left', 'right', 'keyType', 'valueType', 'rest'])
    if (def[key]) children.push(def[key]);
  for (const key of ['options', 'items']) if (Array.isArray(def[key])) children.push(...(def[key] as unknown[]));
  if (typeof def.getter === 'function') children.push((def.getter as () => unknown)());
  return [def.type, ...children.flatMap((c) => typesIn(c, seen))];
}

describe('validated envelopes handed to in-process consumers (embedded mode)', () => {
  it('holds for every event contract: its parse output survives JSON and a second parse unchanged', () => {
    // The in-process bus hands a consumer the envelope the producer validated with the same contract
    // instead of parsing its JSON again: that is the same event only while no contract transforms,
    // defaults or holds a type JSON cannot carry. A contract that does must make the bus parse again.
    const offending = ALL_EVENT_CONTRACTS.flatMap((c) =>
      typesIn(c.envelope)
        .filter((t) => NOT_JSON_IDEMPOTENT.has(t))
        .map((t) => `${c.topic}: ${t}`),
    );
    expect(offending).toEqual([]);
    // The walk reaches into the data schemas (a union inside qualification.resolved's data), and finds a default.
    expect(typesIn(ALL_EVENT_CONTRACTS.find((c) => c.type === 'qualification.resolved')!.envelope)).toEqual(
      expect.arrayContaining(['object', 'union', 'literal', 'enum', 'string', 'number']),
    );
    expect(typesIn(z.object({ at: z.string().default('x') }))).toContain('default');
  });
});

describe('buildEnvelope (validates what the producer brings)', () => {
  const ctx = { subject: 'a3e0f6de-2b8f-4c1e-9d8c-2f7e5b1c0d9e', correlationId: 'corr-1' };
  // A nested object, an optional field, a union and a string check: what the data schemas hold.
  const Example = defineEvent({
    type: 'example.built',
    version: 2,
    data: z.object({
      sessionId: z.uuid(),
      step: z.object({ at: z.iso.datetime({ offset: true }), note: z.string().max(5).optional() }),
      result: z.union([z.object({ status: z.literal('ok'), amount: z.number().int() }), z.object({ status: z.literal('none') })]),
    }),
  });
  const data = {
    sessionId: ctx.subject,
    step: { at: '2026-11-24T09:00:00Z', note: 'ok' },
    result: { status: 'ok' as const, amount: 1000 },
  };

  it('gives the same envelope, key for key, as the full envelope schema', () => {
    expect(isDefinedEvent(Example)).toBe(true);
    for (const causation of [{}, { causationId: 'cause-1' }]) {
      // a key the schema does not know is stripped, as the envelope schema strips it
      const built = buildEnvelope(Example, { ...data, extra: 'x' } as never, 'card-session', { ...ctx, ...causation });
      const { data: _data, ...header } = built;
      const full = Example.envelope.parse({ ...header, data: { ...data, extra: 'x' } });
      expect(JSON.stringify(built)).toBe(JSON.stringify(full));
      expect(built).toEqual(full);
      expect(EnvelopeBase.safeParse(built).success).toBe(true);
    }
  });

  it('throws the envelope schema’s error for invalid data (its path under `data`)', () => {
    for (const invalid of [
      { ...data, sessionId: 'nope' },
      { ...data, step: { at: 'yesterday' } },
      { ...data, result: { status: 'maybe' } },
    ]) {
      let error: unknown;
      try {
        buildEnvelope(Example, invalid as never, 'card-session', ctx);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(z.ZodError);
      expect((error as z.ZodError).issues[0]!.path[0]).toBe('data');
    }
  });

  it('refuses header fields the envelope schema refuses (empty or over-long texts, unknown source)', () => {
    expect(() => buildEnvelope(Example, data, 'card-session', { ...ctx, subject: '' })).toThrow(z.ZodError);
    expect(() => buildEnvelope(Example, data, 'card-session', { ...ctx, correlationId: 'x'.repeat(129) })).toThrow(z.ZodError);
    expect(() => buildEnvelope(Example, data, 'card-session', { ...ctx, causationId: 'x'.repeat(129) })).toThrow(z.ZodError);
    expect(() => buildEnvelope(Example, data, 'nobody' as never, ctx)).toThrow(z.ZodError);
    expect(buildEnvelope(Example, data, 'card-session', { ...ctx, subject: 'x'.repeat(128) }).subject).toHaveLength(128);
  });

  it('validates a contract not made by defineEvent with its own envelope schema', () => {
    const own = { type: 'x.own', version: 1, topic: 'x.own.v1', partitions: 1, data: z.object({ n: z.number() }) };
    const contract = { ...own, envelope: EnvelopeBase.extend({ data: own.data, extra: z.string().default('from-schema') }) } as never;
    expect(isDefinedEvent(contract)).toBe(false);
    expect(buildEnvelope(contract, { n: 1 } as never, 'audit', ctx)).toMatchObject({ data: { n: 1 }, extra: 'from-schema' });
  });
});
