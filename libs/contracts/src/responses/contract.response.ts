import { z } from 'zod';
import { Identifier, IsoDate } from '../common';
import { OpeningHours } from '../institution-listing';
import { ContractRequest } from '../requests/import-vouchers.request';
import { Amount, ContractKind, GuidanceLevel, Organisation, VoucherPart } from '../voucher';
import { Timestamp } from './timestamps';

/** A contract as registered: what the operator sent, under its id, with the time it was last replaced. */
export const ContractResponse = z.strictObject({ ...ContractRequest.shape, contractId: Identifier, updatedAt: Timestamp });
export type ContractResponse = z.infer<typeof ContractResponse>;

/**
 * Whether an institution can confirm a voucher holder's eligibility online: through an active 限定型
 * device, or through the 既存型 資格確認端末 it already has — either counts.
 */
export const OnlineEligibilityCapability = z.strictObject({
  capable: z.boolean(),
  limitedTypeDevices: z.number().int().nonnegative(),
  existingTypeTerminal: z.boolean(),
});
export type OnlineEligibilityCapability = z.infer<typeof OnlineEligibilityCapability>;

/** One row of a contract's 実施機関一覧表: always a 健診・保健指導機関番号, never an insurer's code. */
export const ContractInstitutionRow = z.strictObject({
  institutionNumber: z.string().regex(/^\d{10}$/),
  /** False while the registry has not announced the institution: only its number is known. */
  registered: z.boolean(),
  name: z.string().optional(),
  prefecture: z.string().optional(),
  postalCode: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  /** 単価 per part (yen), as the contract sets them. */
  unitPrices: z.partialRecord(VoucherPart, Amount),
  /** 特定保健指導 levels it may serve under the contract (none when guidance is not covered or not offered). */
  guidanceLevels: z.array(GuidanceLevel),
  openingHours: z.array(OpeningHours).optional(),
  openingNote: z.string().optional(),
  onlineEligibility: OnlineEligibilityCapability,
});
export type ContractInstitutionRow = z.infer<typeof ContractInstitutionRow>;

export const ContractInstitutionTotals = z.strictObject({
  institutions: z.number().int().nonnegative(),
  onlineCapable: z.number().int().nonnegative(),
  withLimitedTypeDevices: z.number().int().nonnegative(),
  withExistingTypeTerminal: z.number().int().nonnegative(),
  notRegistered: z.number().int().nonnegative(),
});
export type ContractInstitutionTotals = z.infer<typeof ContractInstitutionTotals>;

/** GET /contracts/:contractId/implementing-institutions — the 実施機関一覧表 of one contract (the CSV's columns as configured). */
export const ContractInstitutionListResponse = z.strictObject({
  contractId: Identifier,
  contractName: z.string(),
  kind: ContractKind,
  coordinator: Organisation.optional(),
  validFrom: IsoDate,
  validUntil: IsoDate,
  generatedAt: Timestamp,
  columns: z.array(z.strictObject({ key: z.string(), label: z.string() })),
  totals: ContractInstitutionTotals,
  institutions: z.array(ContractInstitutionRow),
});
export type ContractInstitutionListResponse = z.infer<typeof ContractInstitutionListResponse>;
