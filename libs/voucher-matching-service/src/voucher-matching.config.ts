import { z } from 'zod';
import { secretFromEnv } from '@hcv/platform-runtime';
import { parseContractListColumns, type ContractListColumn } from './domain/contract-institution-list';

// Development default only, refused with NODE_ENV=production; deployments set VOUCHER_PII_KEY (or
// VOUCHER_PII_KEY_FILE) from a secret. Changing the key invalidates the stored digests: re-import.
export const DEV_VOUCHER_PII_KEY = 'dev-only-voucher-member-digest-key';

/** The variables voucher-matching reads beyond the platform's ServiceEnv. */
const VoucherMatchingEnv = z.object({
  /** The key member fields are digested with; at least 32 characters in production. */
  VOUCHER_PII_KEY: z.string().optional(),
  /** A file holding VOUCHER_PII_KEY (a mounted secret); wins over VOUCHER_PII_KEY. */
  VOUCHER_PII_KEY_FILE: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** Whether the desk (a site manager, for their own sites) may settle a decision besides an operator. */
  VOUCHER_DESK_SETTLES: z.enum(['true', 'false']).default('false'),
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
  /** The key voucher member fields are digested with (adapters/member-seal.ts). */
  piiKey: string;
  /** A site manager (the desk) may settle a needs-manual-check or member-mismatch of their own sites; an operator always may. */
  deskSettles: boolean;
  /** The CSV columns (and headings) of a contract's 実施機関一覧表. */
  contractListColumns: ContractListColumn[];
}

/** Parsed once at start-up; fails fast naming the variable at fault. */
export function loadVoucherMatchingConfig(source: NodeJS.ProcessEnv = process.env): VoucherMatchingConfig {
  const parsed = VoucherMatchingEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  return {
    piiKey: secretFromEnv({
      name: 'VOUCHER_PII_KEY',
      value: env.VOUCHER_PII_KEY,
      file: env.VOUCHER_PII_KEY_FILE,
      nodeEnv: env.NODE_ENV,
      devDefault: DEV_VOUCHER_PII_KEY,
      minLength: 32,
    }),
    deskSettles: env.VOUCHER_DESK_SETTLES === 'true',
    contractListColumns: parseContractListColumns(env.CONTRACT_INSTITUTION_LIST_COLUMNS),
  };
}

/** The key voucher member fields are digested with (see secretFromEnv for the rules). */
export function voucherPiiKeyFromEnv(source: NodeJS.ProcessEnv = process.env): string {
  return loadVoucherMatchingConfig(source).piiKey;
}
