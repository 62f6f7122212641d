import { withInsurerCheckDigit } from '@hcv/domain';
import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('list implementing institutions (実施機関一覧表)', () => {
  it('lists the live registry at the clock’s time: online-capable while an institution has an active device, withdrawn insurers left out', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await withBus(r);
    const { institutionNumber: code } = await r.introduce.execute(
      { insurerNumber: withInsurerCheckDigit('0613901'), insurerName: 'x', filedBy: 'i' },
      'c',
    );
    await r.withdraw.execute({ onlineEligibilityCode: code, filedBy: 'i', reason: 'closed' }, 'c');
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    r.advance(60_000);
    const before = await r.listImplementing.execute();
    expect(before.generatedAt).toBe('2026-11-24T08:01:00.000Z');
    expect(before.institutions.map((i) => [i.institutionNumber, i.onlineEligibilityConfirmation, i.activeDevices])).toEqual([
      [institutionNumber, false, 0],
    ]);
    await r.activate.execute('d', 'ops', 'c');
    expect(
      (await r.listImplementing.execute()).institutions.map((i) => [i.institutionNumber, i.onlineEligibilityConfirmation, i.activeDevices]),
    ).toEqual([[institutionNumber, true, 1]]);
  });
});
