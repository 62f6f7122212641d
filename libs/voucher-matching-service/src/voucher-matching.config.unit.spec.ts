import { keyRingOf } from '@hcv/platform-runtime';
import { DEFAULT_CONTRACT_LIST_COLUMNS } from './domain/contract-institution-list';
import { DEV_VOUCHER_PII_KEY, loadVoucherMatchingConfig } from './voucher-matching.config';

const contractListColumns = [...DEFAULT_CONTRACT_LIST_COLUMNS];

describe('voucher-matching configuration', () => {
  it('defaults to the dev-only digest key outside production', () => {
    expect(loadVoucherMatchingConfig({})).toEqual({
      piiKey: DEV_VOUCHER_PII_KEY,
      piiKeys: keyRingOf({ '1': DEV_VOUCHER_PII_KEY }),
      deskSettles: false,
      contractListColumns,
      contractCheckMillis: 1_000,
    });
    expect(loadVoucherMatchingConfig({ VOUCHER_PII_KEY: 'k'.repeat(40) })).toEqual({
      piiKey: 'k'.repeat(40),
      piiKeys: keyRingOf({ '1': 'k'.repeat(40) }),
      deskSettles: false,
      contractListColumns,
      contractCheckMillis: 1_000,
    });
  });

  it('checks for contracts put elsewhere every VOUCHER_CONTRACT_CHECK_MS (0: no cache); refuses a negative or non-integer value', () => {
    expect(loadVoucherMatchingConfig({ VOUCHER_CONTRACT_CHECK_MS: '250' }).contractCheckMillis).toBe(250);
    expect(loadVoucherMatchingConfig({ VOUCHER_CONTRACT_CHECK_MS: '0' }).contractCheckMillis).toBe(0);
    expect(() => loadVoucherMatchingConfig({ VOUCHER_CONTRACT_CHECK_MS: '-1' })).toThrow(/VOUCHER_CONTRACT_CHECK_MS/);
    expect(() => loadVoucherMatchingConfig({ VOUCHER_CONTRACT_CHECK_MS: '1.5' })).toThrow(/VOUCHER_CONTRACT_CHECK_MS/);
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

  it('reads the columns of a contract’s 実施機関一覧表 in the order given, with a heading where one is set; refuses an unknown key naming the variable', () => {
    expect(
      loadVoucherMatchingConfig({ CONTRACT_INSTITUTION_LIST_COLUMNS: 'name, institutionNumber=医療機関コード ,onlineEligibility' })
        .contractListColumns,
    ).toEqual([
      { key: 'name', label: '機関名称' },
      { key: 'institutionNumber', label: '医療機関コード' },
      { key: 'onlineEligibility', label: '受診券等のオンライン資格確認' },
    ]);
    expect(() => loadVoucherMatchingConfig({ CONTRACT_INSTITUTION_LIST_COLUMNS: 'name,onlineEligibilityCode' })).toThrow(
      /CONTRACT_INSTITUTION_LIST_COLUMNS: unknown column "onlineEligibilityCode"/,
    );
    expect(() => loadVoucherMatchingConfig({ CONTRACT_INSTITUTION_LIST_COLUMNS: 'name,name' })).toThrow(/given twice/);
    expect(() => loadVoucherMatchingConfig({ CONTRACT_INSTITUTION_LIST_COLUMNS: 'name=' })).toThrow(/empty heading/);
  });
});
