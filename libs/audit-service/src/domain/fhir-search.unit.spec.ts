import { FhirEligibilitySearchQuery } from '@hcv/contracts';
import { createdRange } from './fhir-search';

describe('FHIR created search to an instant range', () => {
  it('reads a bare date as a JST checkup day', () => {
    expect(createdRange('2026-11-24')).toEqual({ from: '2026-11-23T15:00:00.000Z', to: '2026-11-24T15:00:00.000Z' });
    expect(createdRange(['ge2026-11-24', 'lt2026-11-26'])).toEqual({ from: '2026-11-23T15:00:00.000Z', to: '2026-11-25T15:00:00.000Z' });
    expect(createdRange('gt2026-11-24')).toEqual({ from: '2026-11-24T15:00:00.000Z' });
    expect(createdRange('le2026-11-24')).toEqual({ to: '2026-11-24T15:00:00.000Z' });
  });

  it('reads instants with their zone; a second covers that second', () => {
    expect(createdRange(['ge2026-11-24T09:00:00+09:00', 'lt2026-11-24T10:00:00Z'])).toEqual({
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-24T10:00:00.000Z',
    });
    expect(createdRange('eq2026-11-24T00:00:00Z')).toEqual({ from: '2026-11-24T00:00:00.000Z', to: '2026-11-24T00:00:01.000Z' });
    expect(createdRange(undefined)).toEqual({});
  });

  it('refuses what is not a FHIR date or names more than a range', () => {
    for (const created of ['yesterday', 'ge2026-11-24T09:00', 'ne2026-11-24', ['ge2026-11-24', 'lt2026-11-25', 'lt2026-11-26']]) {
      expect(FhirEligibilitySearchQuery.safeParse({ created }).success).toBe(false);
    }
    expect(FhirEligibilitySearchQuery.parse({ created: 'ge2026-11-24', site: 'facility-01' })).toEqual({
      created: 'ge2026-11-24',
      site: 'facility-01',
      _count: 50,
    });
  });
});
