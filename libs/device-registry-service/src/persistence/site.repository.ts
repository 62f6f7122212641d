import { DomainError } from '@hcv/domain';
import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { ItineraryStop, Site } from '../domain/site.decide';

export type { ItineraryStop, Site };

/** The only code that touches the registry's site collection. */
export interface SiteRepository {
  /** Events staged with a write ride in the site's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Fails with site-already-registered if the id exists. */
  insert(site: Site, events?: readonly OutboxEntry[]): Promise<void>;
  get(siteId: string): Promise<Site | null>;
  /** Stores `next` with its events (the unit of work's write; last writer wins: only an operator changes a site); null when there is no such site. */
  write(current: Site, next: Site, events?: readonly OutboxEntry[]): Promise<Site | null>;
}

export const siteAlreadyRegistered = (id: string) =>
  new DomainError('site-already-registered', `Site ${id} is already registered.`, 409, 'siteId');
