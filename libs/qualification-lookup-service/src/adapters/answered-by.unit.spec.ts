import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { answeredByOf } from './answered-by';
import { GenericHttpEligibility } from './generic-http.adapter';

describe('who answers behind the port', () => {
  it('names the simulator and the HTTP adapter, and nothing for an adapter that does not say', () => {
    expect(answeredByOf(new EligibilitySimulator({ seed: 7, size: 5 }))).toBe('simulator');
    expect(answeredByOf(new GenericHttpEligibility({ baseUrl: 'http://127.0.0.1:9', timeoutMillis: 100 }))).toBe('national-system-http');
    expect(answeredByOf({ lookup: async () => ({ status: 'not-found' }) })).toBeUndefined();
  });
});
