import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry } from '@hcv/persistence';
import { tourKey } from '../domain/tour-readiness.decide';
import type { TourReadinessRepository, TourReport } from './tour-readiness.repository';

/** The memory twin of MongoTourReadinessRepository (embedded mode, unit specs). */
export class InMemoryTourReadinessRepository implements TourReadinessRepository {
  private readonly reports = new Map<string, TourReport>();
  readonly outbox = new InMemoryOutboxStore('tour_readiness', this.reports);
  async get(tourId: string) {
    const r = this.reports.get(tourId);
    return r ? copyWithoutOutbox(r) : null;
  }
  async insert(report: TourReport, events: readonly OutboxEntry[] = []) {
    const id = tourKey(report.busId, report.tourDate);
    if (this.reports.has(id)) return false;
    this.reports.set(id, storeWithOutbox(undefined, report, events));
    return true;
  }
  async write(current: TourReport, next: TourReport, events: readonly OutboxEntry[] = []) {
    const id = tourKey(current.busId, current.tourDate);
    const stored = this.reports.get(id);
    if (!stored || stored.revision !== current.revision) return null;
    const written = storeWithOutbox(stored, { ...next, revision: current.revision + 1 }, events);
    this.reports.set(id, written);
    return copyWithoutOutbox(written);
  }
}
