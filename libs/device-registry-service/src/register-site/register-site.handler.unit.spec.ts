import { institutionNumber, registry } from '../device-registry.fixture';

describe('register a site', () => {
  it('registers a bus with its plate under an active institution, at the clock’s time, once', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    const site = await r.registerSite.execute(
      { kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: '品川 800 さ 12-34', itinerary: [] },
      'c',
    );
    expect(site).toMatchObject({ siteId: 'bus-01', kind: 'bus', plate: '品川 800 さ 12-34', registeredAt: '2026-11-24T08:00:00.000Z' });
    expect(await r.sites.get('bus-01')).toEqual(site);
    await expect(r.registerSite.execute({ kind: 'facility', siteId: 'bus-01', institutionNumber, name: 'x' }, 'c')).rejects.toMatchObject({
      code: 'site-already-registered',
    });
  });

  it('refuses an institution that is not registered', async () => {
    const r = registry();
    await expect(r.registerSite.execute({ kind: 'facility', siteId: 'hall', institutionNumber, name: 'hall' }, 'c')).rejects.toMatchObject({
      code: 'institution-not-registered',
    });
  });
});
