import { Schema, type Connection, type Model } from 'mongoose';
import type { SessionMerge } from '@hcv/domain';
import { isDuplicateKeyError, withWriteAttempts } from '@hcv/persistence';
import type { RollupCell, RollupContribution, SessionFacts } from '../domain/outcome-rollup';
import { byCellKey, type AnalyticsRepository } from './analytics.repository';

/** `events`: the ids of the events merged in, to tell a redelivery from a later event. */
type FactsDoc = Omit<SessionFacts, 'sessionId'> & { _id: string; events?: string[] };
type CellDoc = RollupCell & { _id: string; sessions: string[]; settledSessions?: string[] };

const factsSchema = new Schema<FactsDoc>({ _id: String }, { collection: 'analytics_sessions', strict: false, versionKey: false });
const cellSchema = new Schema<CellDoc>(
  { _id: String, day: { type: String, required: true }, siteId: String },
  { collection: 'analytics_outcome_cells', strict: false, versionKey: false, minimize: false },
);
// Serves the export: the cells of a day range (and of a site).
cellSchema.index({ day: 1, siteId: 1 });

export class MongoAnalyticsRepository implements AnalyticsRepository {
  private readonly facts: Model<FactsDoc>;
  private readonly cellModel: Model<CellDoc>;
  constructor(connection: Connection) {
    this.facts = connection.models.AnalyticsSession ?? connection.model<FactsDoc>('AnalyticsSession', factsSchema);
    this.cellModel = connection.models.AnalyticsCell ?? connection.model<CellDoc>('AnalyticsCell', cellSchema);
  }

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string) {
    const { sessionId: _ignored, ...fields } = patch;
    let collided: unknown;
    return withWriteAttempts<SessionMerge<SessionFacts>>(
      async () => {
        try {
          // 'before': the caller learns whether this event completed the facts, from the same round trip.
          const doc = (await this.facts.collection.findOneAndUpdate(
            { _id: sessionId as never },
            { $set: fields, $addToSet: { events: eventId } as never },
            { upsert: true, returnDocument: 'before' },
          )) as unknown as FactsDoc | null;
          if (!doc) return { before: undefined, after: { ...fields, sessionId }, repeated: false };
          const { _id, events, ...rest } = doc;
          const before: SessionFacts = { ...rest, sessionId };
          return { before, after: { ...before, ...fields, sessionId }, repeated: events?.includes(eventId) ?? false };
        } catch (error) {
          // two events of one session upserting at once: the loser tries again and finds the document
          if (!isDuplicateKeyError(error)) throw error;
          collided = error;
          return undefined;
        }
      },
      () => collided as Error,
    );
  }

  async apply(sessionId: string, c: RollupContribution) {
    try {
      const result = await this.cellModel.collection.updateOne(
        { _id: c.cellId as never, sessions: { $ne: sessionId } },
        {
          $setOnInsert: { ...c.key },
          $inc: { count: 1, settled: 0, totalMillis: c.elapsedMillis, [`buckets.${c.bucket}`]: 1 },
          $push: { sessions: sessionId } as never,
        },
        { upsert: true },
      );
      return result.modifiedCount + (result.upsertedCount ?? 0) > 0 ? ('applied' as const) : ('already-applied' as const);
    } catch (error) {
      // the cell exists and already counts this session: the upsert's insert collides on _id
      if (isDuplicateKeyError(error)) return 'already-applied' as const;
      throw error;
    }
  }

  async settle(sessionId: string, c: RollupContribution) {
    // conditional on the cell counting the session and not yet its settlement: a repeat matches nothing
    const result = await this.cellModel.collection.updateOne(
      { _id: c.cellId as never, sessions: sessionId, settledSessions: { $ne: sessionId } },
      { $inc: { settled: 1 }, $push: { settledSessions: sessionId } as never },
    );
    return result.modifiedCount > 0 ? ('settled' as const) : ('already-settled' as const);
  }

  async cells(from: string, to: string, siteId?: string) {
    const filter: Record<string, unknown> = { day: { $gte: from, $lte: to } };
    if (siteId) filter.siteId = siteId;
    const docs = await this.cellModel
      .find(filter, { sessions: 0, settledSessions: 0 })
      .lean<Omit<CellDoc, 'sessions' | 'settledSessions'>[]>()
      .exec();
    // cells written before sources were told apart were all online checks or, with no count of them, unsettled
    return docs
      .map(({ _id, ...cell }) => ({
        ...cell,
        // cells written before insurers' own sessions were counted are all institutions' cells
        onlineEligibilityCode: cell.onlineEligibilityCode ?? '-',
        source: cell.source ?? 'online',
        settled: cell.settled ?? 0,
        buckets: cell.buckets ?? {},
      }))
      .sort(byCellKey);
  }
}
