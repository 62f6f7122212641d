import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox } from '@hcv/persistence';
import { emptyTourReport, tourKey, type TourReport } from '../domain/tour-readiness.decide';
import type { TourReadinessRepository } from './tour-readiness.repository';

/** The unit of work over readiness reports (one per bus and tour day; its events keyed by `tourKey`). */
export type TourReadinessStore = AggregateStore<TourReport>;

export function tourReadinessStore(reports: TourReadinessRepository, outbox: Outbox): TourReadinessStore {
  return new AggregateStore<TourReport>({
    writes: {
      outbox: reports.outbox,
      read: (id) => reports.get(id),
      insert: (report, entries) => reports.insert(report, entries),
      write: (current, next, entries) => reports.write(current, next, entries),
    },
    outbox,
    idOf: (r) => tourKey(r.busId, r.tourDate),
    context: (r) => ({ subject: tourKey(r.busId, r.tourDate), correlationId: tourKey(r.busId, r.tourDate) }),
    missing: (id) => new NotFoundError('tour', id),
    busy: (id) => new DomainError('tour-changed-concurrently', `The readiness report ${id} changed meanwhile; retry.`, 409),
  });
}

/**
 * Applies `decide` to the bus's report for the day, starting from an empty one the first time: the
 * first writer inserts it (an insert-once), a writer that lost that race updates the stored one.
 */
export async function updateTourReport(
  store: TourReadinessStore,
  busId: string,
  tourDate: string,
  decide: (report: TourReport) => ReturnType<Parameters<TourReadinessStore['update']>[1]>,
): Promise<TourReport> {
  const id = tourKey(busId, tourDate);
  if (!(await store.get(id))) {
    const decision = decide(emptyTourReport(busId, tourDate));
    if (await store.create(decision)) return decision.state;
  }
  return store.update(id, decide);
}
