import { InMemorySiteNameRepository } from './site-name.memory';
import { CachingSiteNames } from './site-name.cache';
import { siteNameRepositoryContract } from './site-name.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in site-name.mongo.int.spec.ts.
describe('site-name repository in memory', () => {
  siteNameRepositoryContract(async () => ({ repo: new InMemorySiteNameRepository() }));
});

// The cache in front of a repository answers as the repository does.
describe('site-name repository in memory behind the cache', () => {
  siteNameRepositoryContract(async () => ({ repo: new CachingSiteNames(new InMemorySiteNameRepository()) }));
});

describe('CachingSiteNames', () => {
  const site = (name: string, registeredAt: string) => ({ siteId: 'site-1', institutionNumber: '3410712362', name, registeredAt });

  it('answers a known site from memory until maxAgeMillis; asks again for a site not known yet; a registration through it applies at once', async () => {
    const store = new InMemorySiteNameRepository();
    let reads = 0;
    let now = 0;
    const cache = new CachingSiteNames(
      { record: (s) => store.record(s), nameOf: (id) => (reads++, store.nameOf(id)) },
      { maxAgeMillis: 60_000, maxEntries: 10 },
      () => now,
    );
    expect(await cache.nameOf('site-1')).toBeNull();
    await store.record(site('第一会場', '2026-04-01T00:00:00.000Z'));
    expect(await cache.nameOf('site-1')).toBe('第一会場');
    expect(await cache.nameOf('site-1')).toBe('第一会場');
    expect(reads).toBe(2);
    // Renamed through another instance: seen once the copy is old enough.
    await store.record(site('第二会場', '2026-05-01T00:00:00.000Z'));
    now += 59_999;
    expect(await cache.nameOf('site-1')).toBe('第一会場');
    now += 1;
    expect(await cache.nameOf('site-1')).toBe('第二会場');
    // Renamed through this one: at once.
    await cache.record(site('第三会場', '2026-06-01T00:00:00.000Z'));
    expect(await cache.nameOf('site-1')).toBe('第三会場');
  });
});
