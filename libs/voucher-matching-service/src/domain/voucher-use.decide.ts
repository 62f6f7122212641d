import { draft, VoucherUseUndoneV2, type Decision, type FirstUseV2, type UndoVoucherUseRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { sameOperator, toFirstUse, type Voucher, type VoucherUse } from './voucher';

/**
 * Whether a session may use the voucher: `granted` (`repeat` when this session already holds a
 * use, or this request already claimed one: a redelivery, nothing to write), or refused naming the
 * first use in the way.
 */
export type UseDecision = { granted: true; repeat: boolean } | { granted: false; firstUse: FirstUseV2 };

/**
 * The use rule, on the uses holding now (`voucher` null: never imported nor used):
 * - the same request again (`use.requestId` in the history, even if its use was undone since) →
 *   granted as a repeat: a redelivered request never claims twice, nor undoes an operator's undo;
 * - the same session again → granted (a redelivery);
 * - no use yet → granted;
 * - a use at another institution → already used, naming the first use;
 * - 受診券 at the same institution: granted unless one of this visit's parts was already done on
 *   another date (a 特定健診 done in parts, 分割実施; a same-day return counts as the same visit) —
 *   else a second complete checkup, already used;
 * - 利用券 at the same institution: the initial interview (初回面接) once, follow-ups (継続支援) any number of times.
 * The voucher's validity, kind and contract are the matcher's to check before a claim.
 */
export function decideUse(voucher: (Pick<Voucher, 'uses'> & Partial<Pick<Voucher, 'history'>>) | null, use: VoucherUse): UseDecision {
  const uses = voucher?.uses ?? [];
  if (uses.some((u) => u.sessionId === use.sessionId)) return { granted: true, repeat: true };
  const { requestId } = use;
  if (requestId !== undefined && voucher?.history?.some((h) => h.action === 'used' && h.requestId === requestId))
    return { granted: true, repeat: true };
  const first = uses[0];
  if (!first) return { granted: true, repeat: false };
  if (uses.some((u) => !sameOperator(u, use))) return { granted: false, firstUse: toFirstUse(first) };
  const conflict =
    use.voucherKind === 'guidance'
      ? stepOf(use) === 'initial-interview'
        ? uses.find((u) => stepOf(u) === 'initial-interview')
        : undefined
      : uses.find((u) => u.checkupDate !== use.checkupDate && u.parts.some((p) => use.parts.includes(p)));
  return conflict ? { granted: false, firstUse: toFirstUse(conflict) } : { granted: true, repeat: false };
}

const stepOf = (use: VoucherUse) => use.guidanceStep ?? 'initial-interview';

/** The voucher with `use` added (after `decideUse` granted it, not as a repeat): the use and its history entry. */
export function withUse(voucher: Voucher, use: VoucherUse): Voucher {
  return { ...voucher, uses: [...voucher.uses, use], history: [...voucher.history, { action: 'used', ...use }] };
}

/** The document of a voucher never imported, on its first use (a paper voucher under 集合契約). */
export function presentedOnly(key: Pick<Voucher, 'insurerNumber' | 'voucherNumber'>): Voucher {
  return { insurerNumber: key.insurerNumber, voucherNumber: key.voucherNumber, reissues: [], uses: [], history: [] };
}

/**
 * An operator undoes a use (a wrong visitor checked in…): only the use of the session the operator
 * names, so an undo never frees a use another session made. The history keeps both the use and
 * the undo.
 */
export function undoVoucherUse(command: UndoVoucherUseRequest, voucher: Voucher, at: Date): Decision<Voucher> {
  const { insurerNumber, voucherNumber } = voucher;
  if (!voucher.uses.some((u) => u.sessionId === command.sessionId)) {
    throw new DomainError(
      'voucher-not-used-by-session',
      `Voucher ${insurerNumber}:${voucherNumber} has no use by session ${command.sessionId}.`,
      409,
    );
  }
  const undo = { action: 'use-undone' as const, ...command, at: at.toISOString() };
  return {
    state: { ...voucher, uses: voucher.uses.filter((u) => u.sessionId !== command.sessionId), history: [...voucher.history, undo] },
    events: [draft(VoucherUseUndoneV2, { insurerNumber, voucherNumber, ...command, at: undo.at })],
  };
}
