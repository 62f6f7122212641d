import { aNotice, institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('list implementing institutions (実施機関一覧表)', () => {
  it('lists the live registry at the clock’s time: online-capable while an institution has an active device, withdrawn insurers left out', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await withBus(r);
    const { onlineEligibilityCode: code } = await r.introduce.execute(aNotice(1), 'c');
    await r.withdraw.execute({ onlineEligibilityCode: code, effectiveDate: '2026-11-24', filedBy: 'i', reason: 'closed' }, 'c');
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

  it('counts an insurer’s active devices on its row, listed by insurer number and never by its code', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    const notice = aNotice(2);
    await r.introduce.execute(notice, 'c');
    await r.registerSite.execute(
      { kind: 'facility', siteId: 'hall', onlineEligibilityCode: notice.onlineEligibilityCode, name: 'hall' },
      'c',
    );
    await r.registerDevice.execute(
      { deviceId: 'i1', onlineEligibilityCode: notice.onlineEligibilityCode, siteId: 'hall', kind: 'pc', requestedBy: 'ops' },
      'c',
    );
    await r.activate.execute('i1', 'ops', 'c');
    const [row] = (await r.listImplementing.execute()).institutions;
    expect(row).toMatchObject({
      kind: 'insurer',
      insurerNumber: notice.insurerNumber,
      activeDevices: 1,
      onlineEligibilityConfirmation: true,
    });
    expect(row).not.toHaveProperty('institutionNumber');
  });
});
