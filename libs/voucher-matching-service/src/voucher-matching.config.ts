import { z } from 'zod';
import { devKeyRefusal, keyRingFromSettings, refuseUnsafeDefaults, type KeyRing } from '@hcv/platform-runtime';
import { parseContractListColumns, type ContractListColumn } from './domain/contract-institution-list';

// Development default only, refused with NODE_ENV=production; deployments set VOUCHER_PII_KEY (or
// VOUCHER_PII_KEY_FILE, or the ring VOUCHER_PII_KEYS during a rotation) from a secret. Digests carry
// their key id; `npm run rekey:vouchers` re-digests old ones after a new key became current.
export const DEV_VOUCHER_PII_KEY = 'dev-only-voucher-member-digest-key';

/** VOUCHER_CONTRACT_CHECK_MS's default. */
export const DEFAULT_CONTRACT_CHECK_MILLIS = 1_000;

/** The variables voucher-matching reads beyond the platform's ServiceEnv. */
const VoucherMatchingEnv = z.object({
  /** The key member fields are digested with; at least 32 characters in production. */
  VOUCHER_PII_KEY: z.string().optional(),
  /** A file holding VOUCHER_PII_KEY (a mounted secret); wins over VOUCHER_PII_KEY. */
  VOUCHER_PII_KEY_FILE: z.string().optional(),
  /** During a rotation: `<id>=<secret>` pairs beside VOUCHER_PII_KEY (whose id is 1). */
  VOUCHER_PII_KEYS: z.string().optional(),
  VOUCHER_PII_KEYS_FILE: z.string().optional(),
  /** The key id new digests are made with (default 1, VOUCHER_PII_KEY). */
  VOUCHER_PII_KEY_CURRENT: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** Whether the desk (a site manager, for their own sites) may settle a decision besides an operator. */
  VOUCHER_DESK_SETTLES: z.enum(['true', 'false']).default('false'),
  /**
   * How often an instance checks whether a contract was put through another instance (ms): its
   * decisions may use the contracts as they were for this long after a change; 0 reads the
   * contracts for every verification.
   */
  VOUCHER_CONTRACT_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_CONTRACT_CHECK_MILLIS),
  /**
   * The CSV columns of a contract's 実施機関一覧表: `key` or `key=heading`, comma-separated, in order
   * (the annex's exact columns are not settled: see the README); unset → every column, default headings.
   */
  CONTRACT_INSTITUTION_LIST_COLUMNS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseContractListColumns(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
});

export interface VoucherMatchingConfig {
  /** The key voucher member fields are digested with now (adapters/member-seal.ts). */
  piiKey: string;
  /** Every digest key by id: vouchers digested before a rotation still match. */
  piiKeys: KeyRing;
  /** A site manager (the desk) may settle a needs-manual-check or member-mismatch of their own sites; an operator always may. */
  deskSettles: boolean;
  /** The CSV columns (and headings) of a contract's 実施機関一覧表. */
  contractListColumns: ContractListColumn[];
  /** How often the contracts' change stamp is checked (ms); 0: no cache, contracts read per verification. */
  contractCheckMillis: number;
}

function ringFromEnv(env: NodeJS.ProcessEnv): KeyRing {
  return keyRingFromSettings({
    name: 'VOUCHER_PII_KEY',
    single: { value: env.VOUCHER_PII_KEY, file: env.VOUCHER_PII_KEY_FILE },
    ring: { value: env.VOUCHER_PII_KEYS, file: env.VOUCHER_PII_KEYS_FILE },
    current: env.VOUCHER_PII_KEY_CURRENT,
    devDefault: { id: '1', secret: DEV_VOUCHER_PII_KEY },
  });
}

/** The production refusals of voucher-matching (the platform's and its key ring's); called before anything connects. */
export function voucherMatchingStartupCheck(env: NodeJS.ProcessEnv = process.env): void {
  const ring = ringFromEnv(env);
  refuseUnsafeDefaults(env, [devKeyRefusal('VOUCHER_PII_KEY', [...ring.keys.values()], [DEV_VOUCHER_PII_KEY])]);
}

/** Parsed once at start-up; fails fast naming the variable at fault. */
export function loadVoucherMatchingConfig(source: NodeJS.ProcessEnv = process.env): VoucherMatchingConfig {
  const parsed = VoucherMatchingEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  const piiKeys = ringFromEnv(source);
  if (env.NODE_ENV === 'production') {
    const refusal = devKeyRefusal('VOUCHER_PII_KEY', [...piiKeys.keys.values()], [DEV_VOUCHER_PII_KEY]);
    if (refusal) throw new Error(`Invalid configuration: ${refusal}`);
  }
  return {
    piiKey: piiKeys.current,
    piiKeys,
    deskSettles: env.VOUCHER_DESK_SETTLES === 'true',
    contractListColumns: parseContractListColumns(env.CONTRACT_INSTITUTION_LIST_COLUMNS),
    contractCheckMillis: env.VOUCHER_CONTRACT_CHECK_MS,
  };
}

/** The current key voucher member fields are digested with (see the key ring for the rules). */
export function voucherPiiKeyFromEnv(source: NodeJS.ProcessEnv = process.env): string {
  return loadVoucherMatchingConfig(source).piiKey;
}
