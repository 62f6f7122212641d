import { DomainError } from '@hcv/domain';
import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { Institution } from '../domain/institution.decide';

export type { Institution };

/** The only code that touches the registry's institution collection. */
export interface InstitutionRepository {
  /** Events staged with a write ride in the institution's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Fails with institution-already-registered if the number exists. */
  insert(institution: Institution, events?: readonly OutboxEntry[]): Promise<void>;
  get(institutionNumber: string): Promise<Institution | null>;
  /** Stores `next` with its events only if the stored status is still `current`'s (the unit of work's write); null otherwise. */
  write(current: Institution, next: Institution, events?: readonly OutboxEntry[]): Promise<Institution | null>;
  /** Every institution, active or withdrawn, by number. */
  list(): Promise<Institution[]>;
}

export const institutionAlreadyRegistered = (n: string) =>
  new DomainError('institution-already-registered', `Institution ${n} is already registered.`, 409, 'institutionNumber');
