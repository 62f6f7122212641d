import { aVoucher, EXAMPLE_INSTITUTION_NUMBER } from '@hcv/testing';
import { MemberDigester } from './member-seal';
import { toStoredVoucher } from './voucher';
import { InMemoryVoucherRepository } from './voucher.repository';

const voucher = toStoredVoucher({ ...aVoucher(), importedAt: 'x' }, new MemberDigester('unit-test-voucher-key'));
const use = (sessionId: string) => ({ sessionId, institutionNumber: EXAMPLE_INSTITUTION_NUMBER, siteId: 'bus-01', at: '2026-11-24T09:00:00.000Z' });

describe('in-memory voucher claim (embedded mode)', () => {
  it('the first session wins; another loses; the winner’s redelivery still holds it', async () => {
    const repo = new InMemoryVoucherRepository();
    await repo.importMany([voucher]);
    expect((await repo.claim('26001000001', use('s-1')))?.sessionId).toBe('s-1');
    expect((await repo.claim('26001000001', use('s-2')))?.sessionId).toBe('s-1');
    expect((await repo.claim('26001000001', use('s-1')))?.sessionId).toBe('s-1');
    expect(await repo.claim('99999999999', use('s-3'))).toBeNull();
  });
});
