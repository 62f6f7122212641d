import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox } from '@hcv/persistence';
import type { Institution } from '../domain/institution.decide';
import type { InstitutionRepository } from './institution.repository';

/** The unit of work over institutions (registration, 導入届, 廃止届). */
export type InstitutionStore = AggregateStore<Institution>;

export function institutionStore(institutions: InstitutionRepository, outbox: Outbox): InstitutionStore {
  return new AggregateStore<Institution>({
    writes: {
      outbox: institutions.outbox,
      read: (id) => institutions.get(id),
      insert: async (institution, entries) => (await institutions.insert(institution, entries), true),
      write: (current, next, entries) => institutions.write(current, next, entries),
    },
    outbox,
    idOf: (i) => i.institutionNumber,
    context: (i) => ({ subject: i.institutionNumber, correlationId: i.institutionNumber }),
    missing: (id) => new NotFoundError('institution', id),
    busy: (id) => new DomainError('institution-changed-concurrently', `Institution ${id} changed meanwhile; retry.`, 409),
  });
}
