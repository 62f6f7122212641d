import { MemberDigester } from './member-seal';
import { toStoredVoucher } from './voucher';
import { InMemoryVoucherRepository } from './voucher.repository';

const voucher = toStoredVoucher({
  voucherNumber: '26001000001', cardType: 'checkup' as const, insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎',
  birthDate: '1970-05-01', sex: 'male' as const, validFrom: '2026-04-01', validUntil: '2027-03-31', fiscalYear: 2026, importedAt: 'x',
}, new MemberDigester('unit-test-voucher-key'));
const use = (sessionId: string) => ({ sessionId, institutionNumber: '1311234566', siteId: 'bus-01', at: '2026-11-24T09:00:00.000Z' });

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
