import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox } from '@hcv/persistence';
import type { Site } from '../domain/site.decide';
import type { SiteRepository } from './site.repository';

/** The unit of work over sites (registration, a bus's itinerary). */
export type SiteStore = AggregateStore<Site>;

export function siteStore(sites: SiteRepository, outbox: Outbox): SiteStore {
  return new AggregateStore<Site>({
    writes: {
      outbox: sites.outbox,
      read: (id) => sites.get(id),
      insert: async (site, entries) => (await sites.insert(site, entries), true),
      write: (current, next, entries) => sites.write(current, next, entries),
    },
    outbox,
    idOf: (s) => s.siteId,
    context: (s) => ({ subject: s.siteId, correlationId: s.siteId }),
    missing: (id) => new NotFoundError('site', id),
    busy: (id) => new DomainError('site-changed-concurrently', `Site ${id} changed meanwhile; retry.`, 409),
  });
}
