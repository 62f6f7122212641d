import type { PresentedVoucher, Qualification, VoucherRecord } from '@hcv/contracts';
import { EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from './identifiers';

/** A checkup voucher (受診券) of fiscal 2026 for the example member; override what the spec is about. */
export function aVoucher(overrides: Partial<VoucherRecord> = {}): VoucherRecord {
  return {
    voucherNumber: EXAMPLE_VOUCHER_NUMBER,
    voucherKind: 'checkup',
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    symbol: '1234',
    number: '0012345',
    name: '佐藤 太郎',
    birthDate: '1970-05-01',
    sex: 'male',
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    fiscalYear: 2026,
    copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
    coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
    ...overrides,
  };
}

/**
 * The example voucher as the visitor presents it (the printed fields of aVoucher()): matches aVoucher()
 * and aQualification(); override what the spec is about.
 */
export function aPresentedVoucher(overrides: Partial<PresentedVoucher> = {}): PresentedVoucher {
  return {
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    voucherNumber: EXAMPLE_VOUCHER_NUMBER,
    voucherKind: 'checkup',
    validUntil: '2027-03-31',
    copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
    coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
    symbol: '1234',
    number: '0012345',
    ...overrides,
  };
}

/** The national system's answer for the example member (the holder of aVoucher()). */
export function aQualification(overrides: Partial<Qualification> = {}): Qualification {
  return {
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    insurerName: '第1健康保険組合',
    symbol: '1234',
    number: '0012345',
    branch: '00',
    relationship: 'insured',
    name: '佐藤　太郎',
    nameKana: 'サトウ　タロウ',
    birthDate: '1970-05-01',
    sex: 'male',
    acquiredOn: '2010-04-01',
    ...overrides,
  };
}
