import { isOnlineEligibilityCode, withInsurerCheckDigit } from '@hcv/domain';
import { registry } from '../device-registry.fixture';

describe('introduce an insurer (導入届)', () => {
  it('issues an online eligibility code on an introduction notice, once per insurer, and refuses a bad insurer number', async () => {
    const r = registry();
    const insurerNumber = withInsurerCheckDigit('0613901');
    const enrolled = await r.introduce.execute({ insurerNumber, insurerName: '第1健康保険組合', filedBy: 'insurer' }, 'c');
    expect(isOnlineEligibilityCode(enrolled.institutionNumber)).toBe(true);
    await expect(r.introduce.execute({ insurerNumber, insurerName: 'x', filedBy: 'insurer' }, 'c')).rejects.toMatchObject({
      code: 'insurer-already-enrolled',
    });
    await expect(
      r.introduce.execute(
        { insurerNumber: insurerNumber.slice(0, 7) + String((Number(insurerNumber[7]) + 1) % 10), insurerName: 'x', filedBy: 'i' },
        'c',
      ),
    ).rejects.toMatchObject({
      code: 'invalid-insurer-number',
    });
  });

  it('issues a new code to each insurer, registered at the clock’s time', async () => {
    const r = registry('2026-11-24T10:00:00.000Z');
    const first = await r.introduce.execute({ insurerNumber: withInsurerCheckDigit('0613901'), insurerName: 'a', filedBy: 'i' }, 'c');
    const second = await r.introduce.execute({ insurerNumber: withInsurerCheckDigit('0613902'), insurerName: 'b', filedBy: 'i' }, 'c');
    expect(second.institutionNumber).not.toBe(first.institutionNumber);
    expect(await r.institutions.get(first.institutionNumber)).toMatchObject({
      kind: 'insurer',
      status: 'active',
      registeredAt: '2026-11-24T10:00:00.000Z',
    });
  });
});
