import { DEFAULT_SOURCES, sourceFor, sourcesInUse } from './eligibility-source';

describe('the source of an institution’s answers', () => {
  const settings = { defaultSource: 'device-reported' as const, byInstitution: { '3410712362': 'oqs-terminal' as const } };

  it('is device-reported (限定型) unless configured otherwise', () => {
    expect(sourceFor(DEFAULT_SOURCES, '0110113719')).toBe('device-reported');
  });

  it('is the institution’s own where it has one, the default elsewhere', () => {
    expect(sourceFor(settings, '3410712362')).toBe('oqs-terminal');
    expect(sourceFor(settings, '0110113719')).toBe('device-reported');
  });

  it('lists every source in use', () => {
    expect(sourcesInUse(settings)).toEqual(new Set(['device-reported', 'oqs-terminal']));
  });
});
