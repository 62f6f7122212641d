import type { ImportVouchersRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';
import { isValidInsurerNumber, normalizeInsurerNumber } from '@hcv/domain-identifiers';
import type { VoucherRepository } from '../vouchers/voucher.repository';

/** Imports an insurer's vouchers; idempotent by voucher number (a re-import never resets a use). */
export class ImportVouchersHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(command: ImportVouchersRequest): Promise<{ imported: number; unchanged: number }> {
    const importedAt = this.clock().toISOString();
    const records = command.vouchers.map((v, index) => {
      const insurerNumber = normalizeInsurerNumber(v.insurerNumber);
      if (!isValidInsurerNumber(insurerNumber)) {
        throw new DomainError('invalid-insurer-number', `vouchers.${index}.insurerNumber: the check digit is wrong.`, 400, `vouchers.${index}.insurerNumber`);
      }
      if (v.validUntil < v.validFrom) {
        throw new DomainError('invalid-validity', `vouchers.${index}: validUntil is before validFrom.`, 400, `vouchers.${index}.validUntil`);
      }
      return { ...v, insurerNumber, importedAt };
    });
    return this.vouchers.importMany(records);
  }
}
