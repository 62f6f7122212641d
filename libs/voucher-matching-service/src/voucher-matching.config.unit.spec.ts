import { keyRingOf } from '@hcv/platform-runtime';
import { DEV_VOUCHER_PII_KEY, loadVoucherMatchingConfig } from './voucher-matching.config';

describe('voucher-matching configuration', () => {
  it('defaults to the dev-only digest key outside production', () => {
    expect(loadVoucherMatchingConfig({})).toEqual({
      piiKey: DEV_VOUCHER_PII_KEY,
      piiKeys: keyRingOf({ '1': DEV_VOUCHER_PII_KEY }),
      deskSettles: false,
    });
    expect(loadVoucherMatchingConfig({ VOUCHER_PII_KEY: 'k'.repeat(40) })).toEqual({
      piiKey: 'k'.repeat(40),
      piiKeys: keyRingOf({ '1': 'k'.repeat(40) }),
      deskSettles: false,
    });
  });

  it('lets the desk settle decisions only when VOUCHER_DESK_SETTLES is true; refuses another value naming the variable', () => {
    expect(loadVoucherMatchingConfig({ VOUCHER_DESK_SETTLES: 'true' }).deskSettles).toBe(true);
    expect(() => loadVoucherMatchingConfig({ VOUCHER_DESK_SETTLES: 'yes' })).toThrow(/VOUCHER_DESK_SETTLES/);
  });

  it('refuses, naming the variable, a missing, default or short key in production and a value of the wrong type', () => {
    expect(() => loadVoucherMatchingConfig({ NODE_ENV: 'production' })).toThrow(/VOUCHER_PII_KEY/);
    expect(() => loadVoucherMatchingConfig({ NODE_ENV: 'production', VOUCHER_PII_KEY: DEV_VOUCHER_PII_KEY })).toThrow(
      /VOUCHER_PII_KEY is unset or the development default/,
    );
    expect(() => loadVoucherMatchingConfig({ NODE_ENV: 'production', VOUCHER_PII_KEY: 'short' })).toThrow(
      /VOUCHER_PII_KEY must be at least 32/,
    );
    expect(() => loadVoucherMatchingConfig({ VOUCHER_PII_KEY: 42 } as unknown as NodeJS.ProcessEnv)).toThrow(
      /Invalid configuration: VOUCHER_PII_KEY/,
    );
  });
});
