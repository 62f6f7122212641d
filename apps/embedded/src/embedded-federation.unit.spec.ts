import { federationArgs } from './embedded-federation';

describe('the --federation command line', () => {
  it('is not a federation run without --federation', () => {
    expect(federationArgs(['--keep-running'])).toBeUndefined();
  });

  it('accepts --keep-running beside --federation (the run always keeps running until Ctrl-C)', () => {
    expect(federationArgs(['--federation', 'large', '--keep-running'])).toEqual({ size: 'large', seed: 20240131, rate: 3 });
    expect(federationArgs(['--federation=large', '--rate', '5', '--base-port', '4100'])).toEqual({
      size: 'large',
      seed: 20240131,
      rate: 5,
      basePort: 4100,
    });
  });

  it('refuses an unknown size or option, naming it', () => {
    expect(() => federationArgs(['--federation', 'huge'])).toThrow(/--federation must be one of large/);
    expect(() => federationArgs(['--federation', 'large', '--sites', '3'])).toThrow(/--sites/);
  });
});
