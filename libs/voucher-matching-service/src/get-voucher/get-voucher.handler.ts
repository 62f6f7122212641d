import type { VoucherResponse } from '@hcv/contracts';
import { NotFoundError, normalizeInsurerNumber } from '@hcv/domain';
import { voucherKeyOf, voucherView } from '../domain/voucher';
import type { VoucherRepository } from '../persistence/voucher.repository';

/** A voucher by (insurer, number), with 記号・番号・枝番 masked and name/birth date withheld. */
export class GetVoucherHandler {
  constructor(private readonly vouchers: VoucherRepository) {}

  async execute(insurerNumber: string, voucherNumber: string): Promise<VoucherResponse> {
    const key = voucherKeyOf(`${normalizeInsurerNumber(insurerNumber)}:${voucherNumber}`);
    const voucher = key ? await this.vouchers.get(key) : null;
    if (!voucher) throw new NotFoundError('voucher', `${insurerNumber}:${voucherNumber}`);
    return voucherView(voucher);
  }
}
