import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import { mergeInMemory, type SessionMerge } from '../read-model/session-merge';
import type { RollupCell, RollupContribution, SessionFacts } from './outcome-rollup';

/**
 * Incremental rollup storage. Session facts gather as events arrive; a session is applied to its
 * cell once — the cell remembers the sessions it counted, and the conditional single-document
 * update makes a redelivered or concurrently handled event a no-op (no transactions needed).
 */
export interface AnalyticsRepository {
  /** Adds an event's facts (and its id, to tell a redelivery) in one update; see SessionMerge. */
  mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string): Promise<SessionMerge<SessionFacts>>;
  apply(sessionId: string, contribution: RollupContribution): Promise<'applied' | 'already-applied'>;
  /** Cells of the JST days `from`..`to`, optionally of one site, sorted by their key. */
  cells(from: string, to: string, siteId?: string): Promise<RollupCell[]>;
}

const byKey = (a: RollupCell, b: RollupCell) => cellOrder(a).localeCompare(cellOrder(b));
const cellOrder = (c: RollupCell) => [c.day, c.institutionNumber, c.siteId, c.insurerNumber, c.method, c.purpose, c.outcome].join('|');

export class InMemoryAnalyticsRepository implements AnalyticsRepository {
  private readonly facts = new Map<string, SessionFacts>();
  private readonly factEvents = new Map<string, Set<string>>();
  private readonly cellsById = new Map<string, RollupCell & { sessions: Set<string> }>();

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string) {
    return mergeInMemory<SessionFacts>(this.facts, this.factEvents, { sessionId, initial: { sessionId }, patch, eventId });
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

/** `events`: the ids of the events merged in, to tell a redelivery from a later event. */
type FactsDoc = Omit<SessionFacts, 'sessionId'> & { _id: string; events?: string[] };
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

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string) {
    const { sessionId: _ignored, ...fields } = patch;
    for (let attempt = 0; ; attempt++) {
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
