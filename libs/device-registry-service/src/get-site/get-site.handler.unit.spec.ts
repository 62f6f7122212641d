import { registry, staff, withBus } from '../device-registry.fixture';

describe('get a site', () => {
  it('shows a site to staff who may see it, refuses a manager of another site, and answers site-not-found', async () => {
    const r = registry();
    await withBus(r);
    expect(await r.getSite.execute('bus-01', staff(['operator']))).toMatchObject({ siteId: 'bus-01', kind: 'bus' });
    expect(await r.getSite.execute('bus-01', staff(['site-manager'], ['bus-01']))).toMatchObject({ siteId: 'bus-01' });
    await expect(r.getSite.execute('bus-01', staff(['site-manager'], ['bus-02']))).rejects.toMatchObject({
      code: 'site-not-permitted',
      status: 403,
    });
    await expect(r.getSite.execute('nowhere', staff(['auditor']))).rejects.toMatchObject({ code: 'site-not-found', status: 404 });
  });
});
