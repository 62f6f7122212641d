import type { SiteName, SiteNameRepository } from './site-name.repository';

/**
 * Site names kept in memory for `maxAgeMillis`: a matched voucher's use names its site, and a site's
 * name changes rarely (a registration again). A registration recorded through this instance replaces
 * its copy at once; one recorded through another instance (the sites' partitions are shared out)
 * reaches this one within `maxAgeMillis`. A site not known yet is not kept: asked again next time.
 */
export class CachingSiteNames implements SiteNameRepository {
  private readonly names = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly inner: SiteNameRepository,
    private readonly options: { maxAgeMillis: number; maxEntries: number } = { maxAgeMillis: 60_000, maxEntries: 10_000 },
    private readonly now: () => number = Date.now,
  ) {}

  async record(site: SiteName): Promise<void> {
    try {
      await this.inner.record(site);
    } finally {
      this.names.delete(site.siteId);
    }
  }

  async nameOf(siteId: string): Promise<string | null> {
    const now = this.now();
    const held = this.names.get(siteId);
    if (held && now - held.at < this.options.maxAgeMillis) return held.name;
    const name = await this.inner.nameOf(siteId);
    this.names.delete(siteId);
    if (name !== null) {
      this.names.set(siteId, { name, at: now });
      if (this.names.size > this.options.maxEntries) this.names.delete(this.names.keys().next().value!);
    }
    return name;
  }
}
