import { Schema, type Connection, type Model } from 'mongoose';
import {
  insertOnceWithOutbox,
  MongoOutboxStore,
  outboxSchemaPath,
  replaceKeepingOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';
import { tourKey } from '../domain/tour-readiness.decide';
import type { TourReadinessRepository, TourReport } from './tour-readiness.repository';

type TourReportDoc = TourReport & { _id: string } & WithOutbox;

const check = { _id: false, check: String, state: String, reason: String };
const schema = new Schema<TourReportDoc>(
  {
    _id: String,
    busId: { type: String, required: true },
    tourDate: { type: String, required: true },
    devices: [{ _id: false, deviceId: String, checkedAt: String, checks: [check] }],
    markedReadyAt: String,
    markedReadyBy: String,
    revision: { type: Number, required: true },
    outbox: outboxSchemaPath,
  },
  { collection: 'tour_readiness', versionKey: false },
);

const toReport = ({ _id: _id, outbox: _outbox, ...rest }: TourReportDoc): TourReport => rest;

export class MongoTourReadinessRepository implements TourReadinessRepository {
  private readonly model: Model<TourReportDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.TourReport ?? connection.model<TourReportDoc>('TourReport', schema);
    this.outbox = new MongoOutboxStore(connection, 'tour_readiness');
  }
  async get(tourId: string) {
    const doc = await this.model.findById(tourId).lean<TourReportDoc>().exec();
    return doc ? toReport(doc) : null;
  }
  insert(report: TourReport, events: readonly OutboxEntry[] = []) {
    return insertOnceWithOutbox(this.model, tourKey(report.busId, report.tourDate), report, events);
  }
  async write(current: TourReport, next: TourReport, events: readonly OutboxEntry[] = []) {
    const id = tourKey(current.busId, current.tourDate);
    const written = { ...next, revision: current.revision + 1 };
    const result = await this.model
      .updateOne({ _id: id, revision: current.revision }, replaceKeepingOutbox(this.model, { _id: id, ...written }, events))
      .exec();
    return result.matchedCount === 1 ? written : null;
  }
}
