import { z } from 'zod';
import { ALL_EVENT_CONTRACTS, defineEvent, isDefinedEvent } from './index';
import { envelopeFor, EVENT_EXAMPLES, exampleKey } from './testing/examples';

describe('contracts made by defineEvent (isDefinedEvent)', () => {
  // What a producer relies on when it validates only the data of an envelope it built itself
  // (buildEnvelope): the envelope's output is its header fields, then the data schema's output.
  it.each(ALL_EVENT_CONTRACTS.map((c) => [c.topic, c] as const))(
    '%s: the envelope schema gives the header as is and the data as its data schema does',
    (_topic, contract) => {
      expect(isDefinedEvent(contract)).toBe(true);
      const { valid } = EVENT_EXAMPLES[exampleKey(contract)]!;
      for (const overrides of [{}, { causationId: 'cause-1' }]) {
        const candidate = envelopeFor(contract, valid, overrides);
        const { data: _data, ...header } = candidate;
        const composed = { ...header, data: contract.data.parse(valid) };
        const parsed = contract.envelope.parse(candidate);
        expect(JSON.stringify(parsed)).toBe(JSON.stringify(composed));
        expect(parsed).toEqual(composed);
      }
    },
  );

  it('is false for a contract object made by hand', () => {
    const [first] = ALL_EVENT_CONTRACTS;
    expect(isDefinedEvent({ ...first! })).toBe(false);
  });
});

describe('defineEvent with the data schema as a function (lazy)', () => {
  it('builds the data schema on first use, once, and the envelope from it', () => {
    const build = jest.fn(() => z.object({ key: z.string() }));
    const contract = defineEvent({ type: 'lazy.example', version: 2, data: build });
    expect(build).not.toHaveBeenCalled();
    expect(contract.topic).toBe('lazy.example.v2');
    const envelope = contract.envelope;
    expect(build).toHaveBeenCalledTimes(1);
    expect(contract.data).toBe(contract.data);
    expect(contract.envelope).toBe(envelope);
    expect(build).toHaveBeenCalledTimes(1);
    const header = { id: '0b6f2c52-3c5e-4bb4-9d1f-2f3f5f6f7a8b', type: 'lazy.example', version: 2, time: '2026-12-07T00:00:00.000Z' };
    const candidate = { ...header, source: 'audit', subject: 's-1', correlationId: 'c-1', data: { key: 'k' } };
    expect(envelope.parse(candidate)).toEqual(candidate);
    expect(envelope.safeParse({ ...candidate, version: 1 }).success).toBe(false);
    expect(contract.data.safeParse({ key: 1 }).success).toBe(false);
  });

  it('gives the same contract shape as a schema given directly: frozen, every field enumerable', () => {
    const direct = defineEvent({ type: 'lazy.example', version: 1, data: z.object({ key: z.string() }) });
    const lazy = defineEvent({ type: 'lazy.example', version: 1, data: () => z.object({ key: z.string() }) });
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(direct).sort());
    expect(Object.isFrozen(lazy)).toBe(true);
    expect(isDefinedEvent(lazy)).toBe(true);
  });
});
