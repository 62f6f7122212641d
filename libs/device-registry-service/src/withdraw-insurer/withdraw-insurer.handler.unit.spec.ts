import { withInsurerCheckDigit } from '@hcv/domain';
import { registry } from '../device-registry.fixture';

describe('withdraw an insurer (廃止届)', () => {
  it('a withdrawal notice ends the code and suspends every device under it', async () => {
    const r = registry();
    await r.consumers.start();
    const { institutionNumber: code } = await r.introduce.execute(
      { insurerNumber: withInsurerCheckDigit('0613901'), insurerName: 'x', filedBy: 'i' },
      'c',
    );
    await r.registerSite.execute({ kind: 'facility', siteId: 'insurer-hall', institutionNumber: code, name: 'hall' }, 'c');
    for (const id of ['d1', 'd2']) {
      await r.registerDevice.execute(
        { deviceId: id, institutionNumber: code, siteId: 'insurer-hall', kind: 'pc', requestedBy: 'ops' },
        'c',
      );
      await r.activate.execute(id, 'ops', 'c');
    }
    const result = await r.withdraw.execute({ onlineEligibilityCode: code, filedBy: 'insurer', reason: 'no longer runs checkups' }, 'c');
    await r.bus.idle();
    expect(result.suspendedDevices.sort()).toEqual(['d1', 'd2']);
    expect((await r.devices.get('d1'))?.state).toBe('suspended');
    expect(r.events.filter((e) => e.type === 'device.suspended')).toHaveLength(2);
    await expect(r.registerSite.execute({ kind: 'facility', siteId: 's2', institutionNumber: code, name: 'x' }, 'c')).rejects.toMatchObject(
      { code: 'institution-withdrawn' },
    );
  });

  it('refuses an unknown code, and a second notice for the same code', async () => {
    const r = registry('2026-11-24T11:00:00.000Z');
    await expect(r.withdraw.execute({ onlineEligibilityCode: '9999999999', filedBy: 'insurer', reason: 'x' }, 'c')).rejects.toMatchObject({
      code: 'online-eligibility-code-not-found',
    });
    const { institutionNumber: code } = await r.introduce.execute(
      { insurerNumber: withInsurerCheckDigit('0613901'), insurerName: 'x', filedBy: 'i' },
      'c',
    );
    const { institution, suspendedDevices } = await r.withdraw.execute(
      { onlineEligibilityCode: code, filedBy: 'insurer', reason: 'closed' },
      'c',
    );
    expect(institution).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-11-24T11:00:00.000Z' });
    expect(suspendedDevices).toEqual([]);
    await expect(r.withdraw.execute({ onlineEligibilityCode: code, filedBy: 'insurer', reason: 'again' }, 'c')).rejects.toMatchObject({
      status: 409,
    });
  });
});
