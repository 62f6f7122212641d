// The site repository's behaviour as one list of cases, run on both adapters: the memory one
// (site.memory.unit.spec.ts) and the MongoDB one (site.mongo.int.spec.ts). Not a test file by
// itself: the specs of the adapters call it. Ids are unique per case.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import type { Site, SiteRepository } from './site.repository';

export type SiteRepositoryFactory = () => Promise<{ repo: SiteRepository; cleanup?: () => Promise<void> }>;

const entry = (id: string, n: number): OutboxEntry => ({
  eventId: `${id}-e${n}`,
  topic: 'site.registered.v1',
  key: id,
  value: JSON.stringify({ n }),
  headers: {},
  stagedAt: '2026-11-24T08:00:00.000Z',
});

export function siteRepositoryContract(make: SiteRepositoryFactory): void {
  let run: { repo: SiteRepository; cleanup?: () => Promise<void> };
  let tag: string;
  beforeEach(async () => {
    run = await make();
    tag = randomUUID().slice(0, 8);
  });
  afterEach(async () => run.cleanup?.());

  const bus = (siteId: string): Site => ({
    siteId,
    institutionNumber: '1321000018',
    kind: 'bus',
    name: 'bus',
    plate: '品川 800 さ 12-34',
    itinerary: [],
    registeredAt: '2026-11-24T08:00:00.000Z',
  });
  const stop = { stopId: 'stop-1', name: '公民館', date: '2026-11-25', from: '09:00', to: '12:00' };

  it('registers once and reads back what it stored', async () => {
    const { repo } = run;
    const site = bus(`${tag}-bus`);
    const facility: Site = {
      siteId: `${tag}-hall`,
      institutionNumber: '1321000018',
      kind: 'facility',
      name: 'hall',
      itinerary: [],
      registeredAt: '2026-11-24T08:00:00.000Z',
    };
    await repo.insert(site);
    await repo.insert(facility);
    await expect(repo.insert(site)).rejects.toMatchObject({ code: 'site-already-registered', status: 409 });
    expect(await repo.get(site.siteId)).toEqual(site);
    expect(await repo.get(facility.siteId)).toEqual(facility);
    expect(await repo.get(`${tag}-none`)).toBeNull();
  });

  it('writes the last decision over any copy (only an operator changes a site), and nothing for a site it does not hold', async () => {
    const { repo } = run;
    const site = bus(`${tag}-bus`);
    await repo.insert(site);
    const planned = { ...site, itinerary: [stop] };
    expect(await repo.write(site, planned)).toEqual(planned);
    const replanned = { ...site, itinerary: [{ ...stop, stopId: 'stop-2' }] };
    expect(await repo.write(site, replanned)).toEqual(replanned);
    expect(await repo.get(site.siteId)).toEqual(replanned);
    const ghost = bus(`${tag}-ghost`);
    expect(await repo.write(ghost, planned)).toBeNull();
    expect(await repo.get(ghost.siteId)).toBeNull();
  });

  it('keeps the events of each write with the site until they are marked sent, never in what it reads', async () => {
    const { repo } = run;
    const site = bus(`${tag}-bus`);
    await repo.insert(site, [entry(site.siteId, 1)]);
    const planned = { ...site, itinerary: [stop] };
    await repo.write(site, planned, [entry(site.siteId, 2)]);
    expect((await repo.outbox.entriesOf(site.siteId)).map((e) => e.eventId)).toEqual([`${tag}-bus-e1`, `${tag}-bus-e2`]);
    await repo.outbox.markSent(site.siteId, [`${tag}-bus-e2`]);
    expect((await repo.outbox.entriesOf(site.siteId)).map((e) => e.eventId)).toEqual([`${tag}-bus-e1`]);
    expect(await repo.get(site.siteId)).toEqual(planned);
  });
}
