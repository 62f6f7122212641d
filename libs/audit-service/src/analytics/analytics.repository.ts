import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { RollupCell, RollupContribution, SessionFacts } from './outcome-rollup';

/**
 * Incremental rollup storage. Session facts gather as events arrive; a session is applied to its
 * cell once — the cell remembers the sessions it counted, and the conditional single-document
 * update makes a redelivered or concurrently handled event a no-op (no transactions needed).
 */
export interface AnalyticsRepository {
  mergeFacts(sessionId: string, patch: Partial<SessionFacts>): Promise<SessionFacts>;
  apply(sessionId: string, contribution: RollupContribution): Promise<'applied' | 'already-applied'>;
  /** Cells of the JST days `from`..`to`, optionally of one site, sorted by their key. */
  cells(from: string, to: string, siteId?: string): Promise<RollupCell[]>;
}

const byKey = (a: RollupCell, b: RollupCell) => cellOrder(a).localeCompare(cellOrder(b));
const cellOrder = (c: RollupCell) => [c.day, c.institutionNumber, c.siteId, c.insurerNumber, c.method, c.purpose, c.outcome].join('|');

export class InMemoryAnalyticsRepository implements AnalyticsRepository {
  private readonly facts = new Map<string, SessionFacts>();
  private readonly cellsById = new Map<string, RollupCell & { sessions: Set<string> }>();

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>) {
    const merged = { ...(this.facts.get(sessionId) ?? { sessionId }), ...patch, sessionId };
    this.facts.set(sessionId, merged);
    return { ...merged };
  }
  async apply(sessionId: string, c: RollupContribution) {
    let cell = this.cellsById.get(c.cellId);
    if (!cell) this.cellsById.set(c.cellId, (cell = { ...c.key, count: 0, totalMillis: 0, buckets: {}, sessions: new Set() }));
    if (cell.sessions.has(sessionId)) return 'already-applied' as const;
    cell.sessions.add(sessionId);
    cell.count += 1;
    cell.totalMillis += c.elapsedMillis;
    cell.buckets[c.bucket] = (cell.buckets[c.bucket] ?? 0) + 1;
    return 'applied' as const;
  }
  async cells(from: string, to: string, siteId?: string) {
    return [...this.cellsById.values()]
      .filter((c) => c.day >= from && c.day <= to && (!siteId || c.siteId === siteId))
      .map(({ sessions: _s, ...cell }) => plainCopy(cell))
      .sort(byKey);
  }
}

type FactsDoc = Omit<SessionFacts, 'sessionId'> & { _id: string };
type CellDoc = RollupCell & { _id: string; sessions: string[] };

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

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>) {
    const { sessionId: _ignored, ...fields } = patch;
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.facts.collection.findOneAndUpdate({ _id: sessionId as never }, { $set: fields }, { upsert: true, returnDocument: 'after' });
        const { _id, ...rest } = (doc ?? { _id: sessionId }) as unknown as FactsDoc;
        return { ...rest, sessionId: _id };
      } catch (error) {
        // two events of one session upserting at once: the loser retries and finds the document
        if (!isDuplicateKeyError(error) || attempt >= 3) throw error;
      }
    }
  }

  async apply(sessionId: string, c: RollupContribution) {
    try {
      const result = await this.cellModel.collection.updateOne(
        { _id: c.cellId as never, sessions: { $ne: sessionId } },
        {
          $setOnInsert: { ...c.key },
          $inc: { count: 1, totalMillis: c.elapsedMillis, [`buckets.${c.bucket}`]: 1 },
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

  async cells(from: string, to: string, siteId?: string) {
    const filter: Record<string, unknown> = { day: { $gte: from, $lte: to } };
    if (siteId) filter.siteId = siteId;
    const docs = await this.cellModel.find(filter, { sessions: 0 }).lean<Omit<CellDoc, 'sessions'>[]>().exec();
    return docs.map(({ _id, ...cell }) => ({ ...cell, buckets: cell.buckets ?? {} })).sort(byKey);
  }
}
