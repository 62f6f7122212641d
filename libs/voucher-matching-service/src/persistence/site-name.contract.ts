// The site-name port's behaviour as one list of cases, run on the memory adapter
// (site-name.memory.unit.spec.ts) and on MongoDB (site-name.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import { EXAMPLE_INSTITUTION_NUMBER } from '@hcv/testing';
import type { SiteNameRepository } from './site-name.repository';

const aSite = (overrides: { name?: string; registeredAt?: string; siteId?: string } = {}) => ({
  siteId: `bus-${randomUUID().slice(0, 8)}`,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  name: '健診バス1号車',
  registeredAt: '2026-04-01T00:00:00.000Z',
  ...overrides,
});

export function siteNameRepositoryContract(make: () => Promise<{ repo: SiteNameRepository; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: SiteNameRepository) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('names a recorded site; null for a site whose registration has not arrived', () =>
    withRepo(async (repo) => {
      const site = aSite();
      await repo.record(site);
      expect(await repo.nameOf(site.siteId)).toBe('健診バス1号車');
      expect(await repo.nameOf(`missing-${randomUUID()}`)).toBeNull();
    }));

  it('a newer registration renames the site; a redelivered or older one changes nothing', () =>
    withRepo(async (repo) => {
      const site = aSite();
      await repo.record(site);
      await repo.record(site);
      const renamed = { ...site, name: '健診バス2号車', registeredAt: '2026-05-01T00:00:00.000Z' };
      await repo.record(renamed);
      expect(await repo.nameOf(site.siteId)).toBe('健診バス2号車');
      await repo.record(site);
      expect(await repo.nameOf(site.siteId)).toBe('健診バス2号車');
    }));
}
