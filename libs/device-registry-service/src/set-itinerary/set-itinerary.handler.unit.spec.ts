import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('set a bus itinerary', () => {
  const stop = { stopId: 'stop-1', name: '公民館', date: '2026-11-25', from: '09:00', to: '12:00' };

  it('replaces a bus’s stops as a whole', async () => {
    const r = registry();
    await withBus(r);
    await r.setItinerary.execute('bus-01', [stop]);
    const replanned = await r.setItinerary.execute('bus-01', [{ ...stop, stopId: 'stop-2' }]);
    expect(replanned.itinerary.map((s) => s.stopId)).toEqual(['stop-2']);
    expect((await r.sites.get('bus-01'))?.itinerary).toEqual(replanned.itinerary);
  });

  it('refuses a facility and an unknown site', async () => {
    const r = registry();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'facility', siteId: 'hall', institutionNumber, name: 'hall' }, 'c');
    await expect(r.setItinerary.execute('hall', [stop])).rejects.toMatchObject({ code: 'not-a-bus', status: 422 });
    await expect(r.setItinerary.execute('nowhere', [stop])).rejects.toMatchObject({ code: 'site-not-found' });
  });
});
