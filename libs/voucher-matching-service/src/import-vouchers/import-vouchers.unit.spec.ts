import { aVoucher } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { ImportVouchersHandler } from './import-vouchers.handler';

describe('voucher import (JSON batch)', () => {
  const handler = () => {
    const vouchers = new InMemoryVoucherRepository();
    const importer = new ImportVouchersHandler(
      vouchers,
      () => new Date('2026-05-01T00:00:00.000Z'),
      new MemberDigester('unit-test-voucher-key'),
    );
    return { vouchers, importer };
  };

  it('is reported at once, by 1-based index, field, code and reason; member fields are stored only sealed and masked', async () => {
    const { importer, vouchers } = handler();
    const report = await importer.importBatch([aVoucher(), { ...aVoucher({ voucherNumber: '26001000002' }), favouriteColour: 'blue' }]);
    expect(report).toEqual({
      received: 2,
      imported: 1,
      unchanged: 0,
      rejectedCount: 1,
      rejected: [{ line: 2, field: 'favouriteColour', code: 'unknown-field', reason: 'unknown field' }],
    });
    const stored = await vouchers.get('26001000001');
    expect(stored).toMatchObject({ importedAt: '2026-05-01T00:00:00.000Z', masked: { symbol: '**34', number: '*****45' } });
    expect(JSON.stringify(stored)).not.toContain('佐藤');
  });

  it('a re-import of the same voucher changes nothing', async () => {
    const { importer } = handler();
    await importer.importBatch([aVoucher()]);
    expect(await importer.importBatch([aVoucher()])).toMatchObject({ received: 1, imported: 0, unchanged: 1, rejectedCount: 0 });
  });
});
