import type { Institution } from './institution.decide';
import { planItinerary, registerSite } from './site.decide';

const at = new Date('2026-11-24T08:00:00.000Z');
const institution: Institution = {
  institutionNumber: '1321000018',
  kind: 'checkup-institution',
  name: 'x',
  status: 'active',
  registeredAt: at.toISOString(),
};
const stop = { stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '09:00', to: '12:00' };

describe('site rules', () => {
  it('registers a bus with its plate and stops, a facility without, under an active institution only', () => {
    const bus = registerSite(
      { kind: 'bus', siteId: 'bus-01', institutionNumber: '1321000018', name: 'bus', plate: '品川 800 さ 12-34', itinerary: [stop] },
      { institution },
      at,
    );
    expect(bus.state).toMatchObject({ kind: 'bus', plate: '品川 800 さ 12-34', itinerary: [stop], registeredAt: at.toISOString() });
    expect(bus.events.map((e) => [e.contract.type, e.data])).toEqual([
      [
        'site.registered',
        {
          siteId: 'bus-01',
          institutionNumber: '1321000018',
          kind: 'bus',
          name: 'bus',
          plate: '品川 800 さ 12-34',
          registeredAt: at.toISOString(),
        },
      ],
      // the desk alerts on a bus only inside the hours of its stops
      ['site.itinerary-planned', { siteId: 'bus-01', itinerary: [stop] }],
    ]);
    const hall = registerSite({ kind: 'facility', siteId: 'hall', institutionNumber: '1321000018', name: 'hall' }, { institution }, at);
    expect(hall.state).toMatchObject({ kind: 'facility', itinerary: [] });
    expect(hall.state.plate).toBeUndefined();
    expect(() =>
      registerSite({ kind: 'facility', siteId: 'h', institutionNumber: '1321000018', name: 'h' }, { institution: null }, at),
    ).toThrow(expect.objectContaining({ code: 'institution-not-registered' }));
    expect(() =>
      registerSite(
        { kind: 'facility', siteId: 'h', institutionNumber: '1321000018', name: 'h' },
        { institution: { ...institution, status: 'withdrawn' } },
        at,
      ),
    ).toThrow(expect.objectContaining({ code: 'institution-withdrawn' }));
  });

  it('only a bus gets an itinerary, replaced as a whole, told in site.itinerary-planned', () => {
    const bus = registerSite(
      { kind: 'bus', siteId: 'bus-01', institutionNumber: '1321000018', name: 'bus', plate: 'p', itinerary: [] },
      { institution },
      at,
    ).state;
    const planned = planItinerary(bus, [stop]);
    expect(planned.state).toEqual({ ...bus, itinerary: [stop] });
    expect(planned.events).toMatchObject([
      { contract: { type: 'site.itinerary-planned', version: 1 }, data: { siteId: 'bus-01', itinerary: [stop] } },
    ]);
    const hall = registerSite(
      { kind: 'facility', siteId: 'hall', institutionNumber: '1321000018', name: 'hall' },
      { institution },
      at,
    ).state;
    expect(() => planItinerary(hall, [stop])).toThrow(expect.objectContaining({ code: 'not-a-bus' }));
  });
});
