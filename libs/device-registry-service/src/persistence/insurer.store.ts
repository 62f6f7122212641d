import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox } from '@hcv/persistence';
import type { InsurerEnrolment } from '../domain/insurer.decide';
import type { InsurerRepository } from './insurer.repository';

/** The unit of work over insurer enrolments (導入届, 廃止届, the withdrawal sweep). */
export type InsurerStore = AggregateStore<InsurerEnrolment>;

export function insurerStore(insurers: InsurerRepository, outbox: Outbox): InsurerStore {
  return new AggregateStore<InsurerEnrolment>({
    writes: {
      outbox: insurers.outbox,
      read: (code) => insurers.get(code),
      insert: async (enrolment, entries) => (await insurers.insert(enrolment, entries), true),
      write: (current, next, entries) => insurers.write(current, next, entries),
    },
    outbox,
    idOf: (e) => e.onlineEligibilityCode,
    context: (e) => ({ subject: e.onlineEligibilityCode, correlationId: e.onlineEligibilityCode }),
    missing: (code) => new NotFoundError('online-eligibility-code', code),
    busy: (code) => new DomainError('institution-changed-concurrently', `Insurer code ${code} changed meanwhile; retry.`, 409),
  });
}
