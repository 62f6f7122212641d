/** What the desk collects at a visit (窓口負担) and what a voucher covers. */
import {
  type Copayment,
  type Copayments,
  type DeskCollection,
  type PresentedVoucher,
  type VoucherCoverage,
  type VoucherPart,
} from '@hcv/contracts';
import type { Contract } from './contract';

const PART_LABEL: Record<VoucherPart, string> = {
  basic: '基本的な健診',
  detailed: '詳細な健診',
  additional: '追加健診',
  comprehensive: '人間ドック',
  guidance: '特定保健指導',
};

/** The parts this visit does: those the desk names, else every part the voucher prints a 窓口負担 for. */
export function visitParts(voucher: Pick<PresentedVoucher, 'parts' | 'copayments'>): VoucherPart[] {
  return voucher.parts ?? coveredParts(voucher.copayments);
}

export function coveredParts(copayments: Copayments): VoucherPart[] {
  return (Object.keys(copayments) as VoucherPart[]).filter((p) => copayments[p] !== undefined);
}

/**
 * Yen to collect for one part. A rate is a percentage of the contract's unit price, rounded half up
 * to the yen (0.5 yen and more → up): the voucher prints no rounding rule, and this is a setting a
 * contract could override in a later version. An insurer's upper limit leaves the visitor the unit
 * price above it, never less than 0. Without the unit price the yen is unknown (the desk uses its
 * price list).
 */
export function yenToCollect(
  copayment: Copayment,
  unitPrice: number | undefined,
  insurerUpperLimit: number | undefined,
): number | undefined {
  switch (copayment.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return copayment.amount;
    case 'rate':
      return unitPrice === undefined ? undefined : Math.floor((unitPrice * copayment.percent) / 100 + 0.5);
    case 'upper-limit':
      return unitPrice === undefined || insurerUpperLimit === undefined ? undefined : Math.max(0, unitPrice - insurerUpperLimit);
  }
}

/** What the desk collects at this visit, part by part of the visit that the voucher covers; the total when every line is known. */
export function deskCollection(
  voucher: Pick<PresentedVoucher, 'parts' | 'copayments' | 'insurerUpperLimit'>,
  unitPrices: Contract['unitPrices'],
): DeskCollection {
  const lines = visitParts(voucher).flatMap((part) => {
    const copayment = voucher.copayments[part];
    if (!copayment) return [];
    const unitPrice = unitPrices?.[part];
    const yen = yenToCollect(copayment, unitPrice, voucher.insurerUpperLimit);
    return [{ part, copayment, ...(yen !== undefined ? { yen } : {}), ...(unitPrice !== undefined ? { unitPrice } : {}) }];
  });
  const known = lines.every((l) => l.yen !== undefined);
  return {
    lines,
    ...(known ? { totalYen: lines.reduce((sum, l) => sum + (l.yen ?? 0), 0) } : {}),
    ...(voucher.insurerUpperLimit !== undefined ? { insurerUpperLimit: voucher.insurerUpperLimit } : {}),
  };
}

/** What the voucher covers: the parts it prints a 窓口負担 for and, for a 利用券, its level. */
export function coverageOf(voucher: Pick<PresentedVoucher, 'copayments' | 'guidanceLevel'>): VoucherCoverage {
  return { parts: coveredParts(voucher.copayments), ...(voucher.guidanceLevel ? { guidanceLevel: voucher.guidanceLevel } : {}) };
}

/** What `toLocaleString('en-US')` gives (digits grouped by commas), its formatter made once instead of per call. */
const YEN_DIGITS = new Intl.NumberFormat('en-US');

/** The desk's sentence for what to collect: the total, or the parts whose yen depends on the institution's price. */
export function collectSentence(collect: DeskCollection): { en: string; ja: string } {
  if (collect.totalYen !== undefined)
    return { en: `Collect ${collect.totalYen} yen.`, ja: `窓口負担は${YEN_DIGITS.format(collect.totalYen)}円です。` };
  const unknown = collect.lines.filter((l) => l.yen === undefined).map((l) => l.part);
  return {
    en: `The amount to collect for ${unknown.join(', ')} depends on the unit price: see the contract.`,
    ja: `${unknown.map((p) => PART_LABEL[p]).join('・')}の窓口負担は契約単価により異なります。契約をご確認ください。`,
  };
}
