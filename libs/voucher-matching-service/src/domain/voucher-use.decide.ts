import { draft, VoucherUseUndoneV1, type Decision, type UndoVoucherUseRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Voucher } from './voucher';

/**
 * An operator undoes a voucher's use (a wrong visitor checked in…): only the use of the session the
 * operator names, so an undo never frees a use another session made since. The voucher is free
 * again and its history keeps both the use and the undo.
 */
export function undoVoucherUse(command: UndoVoucherUseRequest, voucher: Voucher, at: Date): Decision<Voucher> {
  const { voucherNumber } = voucher;
  if (voucher.usedBy?.sessionId !== command.sessionId) {
    throw new DomainError(
      'voucher-not-used-by-session',
      `Voucher ${voucherNumber} is not currently used by session ${command.sessionId}.`,
      409,
    );
  }
  const { usedBy: _freed, ...free } = voucher;
  const undo = { action: 'use-undone' as const, ...command, at: at.toISOString() };
  return {
    state: { ...free, history: [...(voucher.history ?? []), undo] },
    events: [draft(VoucherUseUndoneV1, { voucherNumber, ...command, at: undo.at })],
  };
}
