import { Schema, type Connection, type Model } from 'mongoose';
import { BatchedSessionMerges, BatchedWrites } from '@hcv/persistence';
import type { RollupCell, RollupContribution, SessionFacts } from '../domain/outcome-rollup';
import { byCellKey, type AnalyticsRepository } from './analytics.repository';

/** `events`: the ids of the events merged in, to tell a redelivery from a later event; `stamp`: see BatchedSessionMerges. */
type FactsDoc = Omit<SessionFacts, 'sessionId'> & { _id: string; events?: string[]; stamp?: string };
type CellDoc = RollupCell & { _id: string; sessions: string[]; settledSessions?: string[] };

const factsSchema = new Schema<FactsDoc>({ _id: String }, { collection: 'analytics_sessions', strict: false, versionKey: false });
const cellSchema = new Schema<CellDoc>(
  { _id: String, day: { type: String, required: true }, siteId: String },
  { collection: 'analytics_outcome_cells', strict: false, versionKey: false, minimize: false },
);
// Serves the export: the cells of a day range (and of a site).
cellSchema.index({ day: 1, siteId: 1 });

/**
 * Sessions whose last written facts the merges keep, to merge the next event of one without reading
 * it first (see BatchedSessionMerges): a session's events arrive within seconds of each other.
 */
const REMEMBERED_SESSIONS = 1_000;

/** How the batches of the consumer's writes form (see RoundTripCoalescer's gatherMillis); absent: each leaves at once. */
export interface AnalyticsBatching {
  gatherMillis?: number;
}

export class MongoAnalyticsRepository implements AnalyticsRepository {
  private readonly facts: Model<FactsDoc>;
  private readonly cellModel: Model<CellDoc>;
  /** The merges of one batch: one find of its sessions and one bulkWrite (see BatchedSessionMerges). */
  private readonly merges: BatchedSessionMerges<SessionFacts>;
  /** The counts of one batch into their cells: one bulkWrite of conditional upserts. */
  private readonly cellWrites: BatchedWrites;
  constructor(connection: Connection, batching: AnalyticsBatching = {}) {
    this.facts = connection.models.AnalyticsSession ?? connection.model<FactsDoc>('AnalyticsSession', factsSchema);
    this.cellModel = connection.models.AnalyticsCell ?? connection.model<CellDoc>('AnalyticsCell', cellSchema);
    this.merges = new BatchedSessionMerges<SessionFacts>(this.facts.collection as never, (sessionId) => ({ sessionId }), {
      ...batching,
      remember: REMEMBERED_SESSIONS,
    });
    this.cellWrites = new BatchedWrites(this.cellModel.collection as never, batching);
  }

  mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string) {
    const { sessionId: _ignored, ...fields } = patch;
    return this.merges.merge(sessionId, fields, eventId);
  }

  async apply(sessionId: string, c: RollupContribution) {
    // the cell exists and already counts this session: the upsert's insert collides on _id
    const written = await this.cellWrites.write({
      updateOne: {
        filter: { _id: c.cellId, sessions: { $ne: sessionId } },
        update: {
          $setOnInsert: { ...c.key },
          $inc: { count: 1, settled: 0, totalMillis: c.elapsedMillis, [`buckets.${c.bucket}`]: 1 },
          $push: { sessions: sessionId },
        },
        upsert: true,
      },
    });
    return written === 'applied' ? ('applied' as const) : ('already-applied' as const);
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
