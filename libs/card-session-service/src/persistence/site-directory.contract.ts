// The site directory's behaviour as one list of cases, run on both adapters: the memory one
// (site-directory.memory.unit.spec.ts) and the MongoDB one (site-directory.mongo.int.spec.ts). Not a
// test file by itself. Site ids are unique per case, so cases sharing one database never meet.
import { randomUUID } from 'node:crypto';
import type { SiteDirectory } from './site-directory.repository';

export type SiteDirectoryFactory = () => Promise<{ directory: SiteDirectory }>;

export function siteDirectoryContract(make: SiteDirectoryFactory): void {
  let directory: SiteDirectory;
  let siteId: string;
  beforeEach(async () => {
    ({ directory } = await make());
    siteId = `bus-${randomUUID().slice(0, 8)}`;
  });
  const stop = (n: number, date = '2026-12-06') => ({ stopId: `stop-${n}`, name: `会場${n}`, date, from: '09:00', to: '12:00' });

  it('knows nothing of a site it was not told of', async () => {
    expect(await directory.get(siteId)).toBeNull();
  });

  it('keeps a site’s name and kind, and its itinerary told before or after it', async () => {
    await directory.setItinerary(siteId, [stop(1)], '2026-12-05T09:00:00.000Z');
    await directory.setSite(siteId, { name: '巡回1号車', kind: 'bus' });
    expect(await directory.get(siteId)).toEqual({
      siteId,
      name: '巡回1号車',
      kind: 'bus',
      itinerary: [stop(1)],
      itineraryAsOf: '2026-12-05T09:00:00.000Z',
    });
    const hall = `hall-${siteId}`;
    await directory.setSite(hall, { name: '健診センター', kind: 'facility' });
    expect(await directory.get(hall)).toEqual({ siteId: hall, name: '健診センター', kind: 'facility', itinerary: [] });
  });

  it('replaces the itinerary as a whole with a newer one, never with an older one', async () => {
    await directory.setSite(siteId, { name: 'bus', kind: 'bus' });
    await directory.setItinerary(siteId, [stop(1), stop(2)], '2026-12-05T09:00:00.000Z');
    await directory.setItinerary(siteId, [stop(3, '2026-12-07')], '2026-12-05T10:00:00.000Z');
    await directory.setItinerary(siteId, [stop(4)], '2026-12-05T09:30:00.000Z'); // arrived late: older
    expect((await directory.get(siteId))?.itinerary).toEqual([stop(3, '2026-12-07')]);
    await directory.setItinerary(siteId, [], '2026-12-05T11:00:00.000Z');
    expect((await directory.get(siteId))?.itinerary).toEqual([]);
  });
}
