import { withInsurerCheckDigit } from '@hcv/domain';
import { aNotice, registry } from '../device-registry.fixture';

describe('introduce an insurer (導入届)', () => {
  it('records the code 支払基金 assigned with the form’s fields, once per insurer, and refuses a bad insurer number or code', async () => {
    const r = registry('2026-11-24T10:00:00.000Z');
    await r.consumers.start();
    const enrolled = await r.introduce.execute(aNotice(1, { onlineEligibilityCode: 'ｃ１０００１２３' }), 'c');
    expect(enrolled).toMatchObject({
      onlineEligibilityCode: 'c1000123',
      insurerNumber: withInsurerCheckDigit('0613901'),
      facilities: [{ name: '健保会館健診室' }],
      contact: { name: '健保 花子', phone: '03-1234-5678' },
      plannedStartDate: '2026-12-01',
      status: 'active',
      registeredAt: '2026-11-24T10:00:00.000Z',
    });
    expect(await r.getInsurer.execute('c1000123')).toMatchObject({ onlineEligibilityCode: 'c1000123', status: 'active' });
    await expect(r.introduce.execute(aNotice(1, { onlineEligibilityCode: 'OTHER1' }), 'c')).rejects.toMatchObject({
      code: 'insurer-already-enrolled',
    });
    await expect(r.introduce.execute(aNotice(2, { onlineEligibilityCode: 'c1000123' }), 'c')).rejects.toMatchObject({
      code: 'online-eligibility-code-already-registered',
    });
    await expect(r.introduce.execute(aNotice(2, { onlineEligibilityCode: 'C-2' }), 'c')).rejects.toMatchObject({
      code: 'invalid-online-eligibility-code',
    });
    const insurerNumber = withInsurerCheckDigit('0613903');
    await expect(
      r.introduce.execute(aNotice(3, { insurerNumber: insurerNumber.slice(0, 7) + String((Number(insurerNumber[7]) + 1) % 10) }), 'c'),
    ).rejects.toMatchObject({ code: 'invalid-insurer-number' });
    await r.bus.idle();
    expect(
      r.events
        .filter((e) => e.type === 'insurer.introduced')
        .map((e) => (e.data as { onlineEligibilityCode: string }).onlineEligibilityCode),
    ).toEqual(['c1000123']);
  });

  it('a 保険者団体 files for its members in bulk: one result per insurer, the refused ones with their typed reason, the others recorded', async () => {
    const r = registry();
    await r.introduce.execute(aNotice(1), 'c'); // already enrolled before the bulk filing
    const notice = ({ filedBy: _by, ...rest }: ReturnType<typeof aNotice>) => rest;
    const result = await r.introduce.executeBulk(
      {
        filedBy: 'ops',
        association: { name: '健康保険組合連合会' },
        notices: [
          notice(aNotice(2)),
          notice(aNotice(1, { onlineEligibilityCode: 'NEW1' })),
          notice(aNotice(3, { onlineEligibilityCode: 'bad code' })),
          notice(aNotice(4)),
        ],
      },
      'c',
    );
    expect(result).toEqual({
      accepted: 2,
      refused: 2,
      results: [
        { index: 0, insurerNumber: aNotice(2).insurerNumber, outcome: 'accepted', onlineEligibilityCode: 'C2000123' },
        {
          index: 1,
          insurerNumber: aNotice(1).insurerNumber,
          outcome: 'refused',
          error: expect.objectContaining({ code: 'insurer-already-enrolled', field: 'insurerNumber' }),
        },
        {
          index: 2,
          insurerNumber: aNotice(3).insurerNumber,
          outcome: 'refused',
          error: expect.objectContaining({ code: 'invalid-online-eligibility-code', field: 'onlineEligibilityCode' }),
        },
        { index: 3, insurerNumber: aNotice(4).insurerNumber, outcome: 'accepted', onlineEligibilityCode: 'C4000123' },
      ],
    });
    expect(await r.insurers.get('C4000123')).toMatchObject({ filedFor: '健康保険組合連合会', status: 'active' });
    expect(await r.insurers.get('NEW1')).toBeNull();
  });
});
