import type { VoucherResponse } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { voucherView } from '../domain/voucher';
import type { VoucherRepository } from '../persistence/voucher.repository';

/** A voucher with 記号・番号・枝番 masked and name/birth date withheld. */
export class GetVoucherHandler {
  constructor(private readonly vouchers: VoucherRepository) {}

  async execute(voucherNumber: string): Promise<VoucherResponse> {
    const voucher = /^\d{11}$/.test(voucherNumber) ? await this.vouchers.get(voucherNumber) : null;
    if (!voucher) throw new NotFoundError('voucher', voucherNumber);
    return voucherView(voucher);
  }
}
