import { ALL_EVENT_CONTRACTS, isDefinedEvent } from './index';
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
