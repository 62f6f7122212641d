import type { Connection } from 'mongoose';
import type { Copayment, Copayments, VoucherKind, VoucherPart } from '@hcv/contracts';
import type { Logger } from '@hcv/observability';
import type { OutboxEntry } from '@hcv/persistence';
import {
  voucherId,
  type ImportedVoucher,
  type MaskedMember,
  type MemberSeal,
  type VoucherHistoryEntry,
  type VoucherUse,
} from '../domain/voucher';
import { voucherModel, type VoucherDoc } from './voucher.mongo';

/** A use as the first stored shape kept it (one use per voucher, `usedBy`). */
interface V1Use {
  sessionId: string;
  institutionNumber: string;
  siteId: string;
  at: string;
}

/** A voucher document as the first stored shape kept it: `_id` = voucher number alone, one co-payment, `usedBy`. */
export interface V1VoucherDoc {
  _id: string;
  cardType: VoucherKind;
  insurerNumber: string;
  member: MemberSeal;
  masked: MaskedMember;
  sex: ImportedVoucher['sex'];
  validFrom: string;
  validUntil: string;
  fiscalYear: number;
  checkupContent?: 'basic' | 'basic+detailed' | 'basic+additional' | 'basic+detailed+additional' | 'comprehensive' | null;
  copayment?:
    | { kind: 'none' }
    | { kind: 'fixed'; amount: number }
    | { kind: 'percentage'; percent: number }
    | { kind: 'upper-limit'; amount: number }
    | null;
  insurerUpperLimit?: number | null;
  contract?: { coordinator: 'collective-A' | 'collective-B' | 'individual'; paymentAgentNumber?: string } | null;
  guidanceLevel?: ImportedVoucher['guidanceLevel'] | null;
  importedAt: string;
  usedBy?: V1Use | null;
  history?: (({ action: 'used' } & V1Use) | { action: 'use-undone'; sessionId: string; by: string; reason: string; at: string })[];
  outbox?: OutboxEntry[];
}

/** The parts a first-shape voucher covered: its billing class (checkupContent), or the basic checkup; a 利用券 the guidance. */
function partsOf(old: V1VoucherDoc): VoucherPart[] {
  if (old.cardType === 'guidance') return ['guidance'];
  return old.checkupContent ? (old.checkupContent.split('+') as VoucherPart[]) : ['basic'];
}

/** The date (YYYY-MM-DD, Japan time) a first-shape use happened on: that shape kept no checkup date. */
const japanDate = (at: string) => new Date(Date.parse(at) + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * A first-shape voucher document in the current shape (pure): keyed by (insurer, number); the one
 * co-payment becomes the 窓口負担 of each part the voucher covered (percentage → rate; an upper-limit
 * amount becomes the 保険者負担上限額 when none was given; no co-payment → none recorded: unknown, not
 * "none"); the contract's coordinator kind becomes the coordinator; `usedBy` the one use, and every
 * use in the history gets the checkup date (the Japan date of its time), kind and covered parts.
 * Member digests and masks are kept as they are (the same key seals them).
 */
export function migratedVoucher(old: V1VoucherDoc): VoucherDoc {
  const voucherKind = old.cardType;
  const parts = partsOf(old);
  const copayment = old.copayment ? toCopayment(old.copayment) : undefined;
  const copayments: Copayments = copayment ? Object.fromEntries(parts.map((p) => [p, copayment])) : {};
  const upperLimit = old.insurerUpperLimit ?? (old.copayment?.kind === 'upper-limit' ? old.copayment.amount : undefined);
  const record: ImportedVoucher = {
    voucherNumber: old._id,
    voucherKind,
    insurerNumber: old.insurerNumber,
    sex: old.sex,
    validFrom: old.validFrom,
    validUntil: old.validUntil,
    fiscalYear: old.fiscalYear,
    copayments,
    ...(upperLimit != null ? { insurerUpperLimit: upperLimit } : {}),
    ...(old.contract ? { coordinator: { kind: old.contract.coordinator } } : {}),
    ...(old.contract?.paymentAgentNumber ? { paymentAgentNumber: old.contract.paymentAgentNumber } : {}),
    ...(old.guidanceLevel ? { guidanceLevel: old.guidanceLevel } : {}),
    member: old.member,
    masked: old.masked,
    importedAt: old.importedAt,
  };
  const use = (u: V1Use): VoucherUse => ({
    sessionId: u.sessionId,
    institutionNumber: u.institutionNumber,
    siteId: u.siteId,
    at: u.at,
    checkupDate: japanDate(u.at),
    voucherKind,
    parts,
  });
  const history: VoucherHistoryEntry[] = (old.history ?? []).map((h) =>
    h.action === 'used'
      ? { action: 'used', ...use(h) }
      : { action: 'use-undone', sessionId: h.sessionId, by: h.by, reason: h.reason, at: h.at },
  );
  const key = { insurerNumber: old.insurerNumber, voucherNumber: old._id };
  return {
    _id: voucherId(key),
    ...key,
    record,
    reissues: [],
    uses: old.usedBy ? [use(old.usedBy)] : [],
    history,
    ...(old.outbox?.length ? { outbox: old.outbox } : {}),
  };
}

function toCopayment(old: NonNullable<V1VoucherDoc['copayment']>): Copayment {
  switch (old.kind) {
    case 'none':
      return { kind: 'none' };
    case 'fixed':
      return { kind: 'fixed', amount: old.amount };
    case 'percentage':
      return { kind: 'rate', percent: old.percent };
    case 'upper-limit':
      return { kind: 'upper-limit' };
  }
}

export interface VoucherMigrationReport {
  /** First-shape documents rewritten in the current shape (the old document removed). */
  migrated: number;
  /**
   * First-shape documents left in place because a current document of the same key holds other
   * uses (created meanwhile by a claim): an operator compares them. Their count only is logged.
   */
  conflicts: number;
}

/**
 * Rewrites every first-shape voucher document (`_id` = voucher number, `cardType`, `usedBy`) in the
 * current shape, keyed by (insurer, number). Idempotent and safe to stop at any point: the new
 * document is inserted only if its key is free (a rerun finds the one it wrote), then the old one
 * is removed; a run with nothing left to migrate changes nothing. Pending outbox entries move with
 * the document. Logs counts only (no voucher number, no member data).
 */
export async function migrateVouchers(connection: Connection, logger?: Logger): Promise<VoucherMigrationReport> {
  const model = voucherModel(connection);
  const collection = connection.collection<V1VoucherDoc>('vouchers');
  const report: VoucherMigrationReport = { migrated: 0, conflicts: 0 };
  const cursor = collection.find({ cardType: { $exists: true } });
  for await (const old of cursor) {
    const next = migratedVoucher(old);
    const { _id, ...fields } = next;
    const r = await model.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }).exec();
    if (r.upsertedCount !== 1) {
      // Written by an earlier run that stopped before removing the old document — or created since by a claim.
      const existing = await model.findById(_id, { history: 1 }).lean<Pick<VoucherDoc, 'history'>>().exec();
      const sameHistory = JSON.stringify((existing?.history ?? []).slice(0, next.history.length)) === JSON.stringify(next.history);
      if (!sameHistory) {
        report.conflicts++;
        continue;
      }
    }
    await collection.deleteOne({ _id: old._id, cardType: { $exists: true } });
    report.migrated++;
  }
  if (report.migrated || report.conflicts) logger?.info('vouchers migrated to the (insurer, number) key', { ...report });
  if (report.conflicts)
    logger?.warn('vouchers left in the first shape: a document of the same key has other uses', { conflicts: report.conflicts });
  return report;
}
