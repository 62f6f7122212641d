import { aVoucher } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { ImportVouchersHandler } from './import-vouchers.handler';

const good = aVoucher({ voucherNumber: '26001000001', insurerNumber: '06139018' });
const key = { insurerNumber: '06139018', voucherNumber: '26001000001' };

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
    const report = await importer.importBatch([good, { ...aVoucher({ voucherNumber: '26001000002' }), favouriteColour: 'blue' }]);
    expect(report).toEqual({
      received: 2,
      imported: 1,
      reissued: 0,
      unchanged: 0,
      rejectedCount: 1,
      rejected: [{ line: 2, field: 'favouriteColour', code: 'unknown-field', reason: 'unknown field' }],
    });
    const stored = await vouchers.get(key);
    expect(stored?.record).toMatchObject({ importedAt: '2026-05-01T00:00:00.000Z', masked: { symbol: '**34', number: '*****45' } });
    expect(JSON.stringify(stored)).not.toContain('佐藤');
  });

  it('a re-import of the same voucher changes nothing', async () => {
    const { importer } = handler();
    await importer.importBatch([good]);
    expect(await importer.importBatch([good])).toMatchObject({ received: 1, imported: 0, reissued: 0, unchanged: 1, rejectedCount: 0 });
  });

  it('two insurers’ same number are two vouchers; the same (insurer, number) twice is refused', async () => {
    const { importer, vouchers } = handler();
    const theirs = { ...good, insurerNumber: '33120015' };
    const report = await importer.importBatch([good, theirs, { ...good, validUntil: '2027-01-31' }]);
    expect(report).toMatchObject({
      imported: 2,
      rejectedCount: 1,
      rejected: [
        {
          line: 3,
          field: 'voucherNumber',
          code: 'duplicate-in-file',
          reason: 'the same voucher (insurer and number) is already on line 1',
        },
      ],
    });
    expect((await vouchers.findByNumber('26001000001')).map((v) => v.insurerNumber).sort()).toEqual(['06139018', '33120015']);
  });

  it('a re-issue (new validity, 窓口負担, coordinator) is reported reissued and keeps the replaced record; identical is unchanged', async () => {
    const { importer, vouchers } = handler();
    await importer.importBatch([good]);
    const reissue = {
      ...good,
      validUntil: '2027-06-30',
      copayments: { basic: { kind: 'rate', percent: 10 } },
      coordinator: { kind: 'collective-B', organisation: { id: 'med-assoc-13', name: '東京都医師会' } },
    };
    expect(await importer.importBatch([reissue])).toMatchObject({ imported: 0, reissued: 1, unchanged: 0 });
    expect(await importer.importBatch([reissue])).toMatchObject({ imported: 0, reissued: 0, unchanged: 1 });
    const stored = (await vouchers.get(key))!;
    expect(stored.record).toMatchObject({ validUntil: '2027-06-30', coordinator: { kind: 'collective-B' } });
    expect(stored.reissues).toEqual([expect.objectContaining({ validUntil: '2027-03-31', replacedAt: '2026-05-01T00:00:00.000Z' })]);
    expect(stored.history).toEqual([
      { action: 'reissued', fields: ['coordinator', 'copayments', 'validUntil'], at: '2026-05-01T00:00:00.000Z' },
    ]);
  });
});
