import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { loadQualificationLookupConfig } from '../qualification-lookup.config';
import { GenericHttpEligibility } from './generic-http.adapter';
import { upstreamAdaptersFor } from './upstream-adapters';

describe('the adapters behind the port, chosen at start-up', () => {
  it('are none for the default (device-reported): no simulator answers unless a source names it', () => {
    expect(upstreamAdaptersFor(loadQualificationLookupConfig({}))).toEqual({});
    expect(upstreamAdaptersFor(loadQualificationLookupConfig({ ELIGIBILITY_SOURCE: 'oqs-terminal' }))).toEqual({});
  });

  it('is the simulator of the configured population when a source names it', () => {
    const adapters = upstreamAdaptersFor(
      loadQualificationLookupConfig({ ELIGIBILITY_SOURCE: 'simulator', SIMULATOR_SEED: '7', SIMULATOR_POPULATION: '20' }),
    );
    expect(adapters.simulator).toBeInstanceOf(EligibilitySimulator);
    expect((adapters.simulator as EligibilitySimulator).people()).toHaveLength(20);
    expect(adapters['generic-http']).toBeUndefined();
  });

  it('is the generic HTTP adapter for an institution configured with generic-http', () => {
    const adapters = upstreamAdaptersFor(
      loadQualificationLookupConfig({
        ELIGIBILITY_SOURCE_BY_INSTITUTION: '3410712362=generic-http',
        GENERIC_HTTP_URL: 'http://127.0.0.1:9/',
      }),
    );
    expect(adapters['generic-http']).toBeInstanceOf(GenericHttpEligibility);
    expect(adapters.simulator).toBeUndefined();
  });
});
