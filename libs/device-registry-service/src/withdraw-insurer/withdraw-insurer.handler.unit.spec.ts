import { aNotice, registry, type Registry } from '../device-registry.fixture';

async function insurerWithDevices(r: Registry, code = aNotice(1).onlineEligibilityCode) {
  await r.consumers.start();
  await r.introduce.execute(aNotice(1), 'c');
  await r.registerSite.execute({ kind: 'facility', siteId: 'insurer-hall', onlineEligibilityCode: code, name: 'hall' }, 'c');
  for (const id of ['d1', 'd2']) {
    await r.registerDevice.execute(
      { deviceId: id, onlineEligibilityCode: code, siteId: 'insurer-hall', kind: 'pc', requestedBy: 'ops' },
      'c',
    );
    await r.activate.execute(id, 'ops', 'c');
  }
  return code;
}

describe('withdraw an insurer (廃止届)', () => {
  it('a withdrawal dated today ends the code and suspends every device under it at once', async () => {
    const r = registry('2026-11-24T08:00:00.000Z'); // 17:00 in Japan
    const code = await insurerWithDevices(r);
    const result = await r.withdraw.execute(
      { onlineEligibilityCode: code, effectiveDate: '2026-11-24', filedBy: 'insurer', reason: 'no longer runs checkups' },
      'c',
    );
    await r.bus.idle();
    expect(result.effective).toBe(true);
    expect(result.insurer).toMatchObject({ status: 'withdrawn', withdrawal: { effectiveDate: '2026-11-24' } });
    expect(result.suspendedDevices.sort()).toEqual(['d1', 'd2']);
    expect((await r.devices.get('d1'))?.state).toBe('suspended');
    expect(r.events.filter((e) => e.type === 'device.suspended')).toHaveLength(2);
    expect(r.events.filter((e) => e.type === 'insurer.withdrawn')).toHaveLength(1);
    await expect(
      r.registerSite.execute({ kind: 'facility', siteId: 's2', onlineEligibilityCode: code, name: 'x' }, 'c'),
    ).rejects.toMatchObject({ code: 'insurer-withdrawn' });
  });

  it('a future-dated withdrawal is recorded now; the sweep suspends the devices from the first instant of that date (Japan time)', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    const code = await insurerWithDevices(r);
    const filed = await r.withdraw.execute(
      { onlineEligibilityCode: code, effectiveDate: '2026-12-01', filedBy: 'insurer', reason: 'stops at the end of the month' },
      'c',
    );
    expect(filed).toMatchObject({ effective: false, suspendedDevices: [], insurer: { status: 'active' } });
    expect(await r.withdraw.applyDue()).toEqual([]);
    expect((await r.devices.get('d1'))?.state).toBe('active');
    r.advance(Date.parse('2026-11-30T14:59:59.000Z') - r.now().getTime());
    expect(await r.withdraw.applyDue()).toEqual([]);
    r.advance(1_000); // 2026-12-01T00:00+09:00
    expect((await r.getInsurer.execute(code)).status).toBe('withdrawn'); // counted at use time, before the sweep
    expect(await r.withdraw.applyDue()).toEqual([code]);
    expect((await r.devices.get('d1'))?.state).toBe('suspended');
    expect((await r.devices.get('d2'))?.history.at(-1)).toMatchObject({ to: 'suspended', by: 'insurer' });
    expect((await r.insurers.get(code))?.status).toBe('withdrawn');
    expect(await r.withdraw.applyDue()).toEqual([]);
  });

  it('refuses an unknown code, and a second notice for the same code', async () => {
    const r = registry('2026-11-24T11:00:00.000Z');
    await expect(
      r.withdraw.execute({ onlineEligibilityCode: 'NOPE1', effectiveDate: '2026-11-24', filedBy: 'insurer', reason: 'x' }, 'c'),
    ).rejects.toMatchObject({ code: 'online-eligibility-code-not-found' });
    const { onlineEligibilityCode: code } = await r.introduce.execute(aNotice(1), 'c');
    const command = { onlineEligibilityCode: code, effectiveDate: '2027-01-01', filedBy: 'insurer', reason: 'closed' };
    await r.withdraw.execute(command, 'c');
    await expect(r.withdraw.execute(command, 'c')).rejects.toMatchObject({ code: 'already-withdrawn', status: 409 });
  });
});
