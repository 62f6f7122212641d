import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { BatchedSessionMerges, BatchedWrites, isDuplicateKeyError, withWriteAttempts } from '@hcv/persistence';
import type { Alert } from '../domain/alert-rules';
import type { PlannedStop } from '../domain/bus-hours';
import type { DeviceStatus } from '../domain/device-status';
import type { SiteInfo } from '../domain/operations-view';
import { incrementOf, pushOf, type MinuteBucket, type MinuteFact } from '../domain/operations-window';
import type { ChangeStamp, Changes, CircuitStatus, FeedEntry, OperationsRepository, OpsSession } from './operations.repository';

export type Doc = Record<string, unknown> & { _id: string };

export type Collection = mongo.Collection<Doc>;

/** A schemaless collection with its indexes (each listed with the query it serves), used through the driver. */
export function collectionOf(
  connection: Connection,
  name: string,
  collection: string,
  indexes: [Record<string, 1 | -1>, string][] = [],
): Collection {
  let m = connection.models[name] as Model<Doc> | undefined;
  if (!m) {
    const schema = new Schema<Doc>({ _id: String }, { collection, strict: false, versionKey: false, minimize: false });
    for (const [fields] of indexes) schema.index(fields);
    m = connection.model<Doc>(name, schema);
  }
  return m.collection as unknown as Collection;
}

export const strip = <T>(doc: Doc | null): T | undefined => {
  if (!doc) return undefined;
  const { _id: _i, v: _v, ...rest } = doc;
  return rest as T;
};

/**
 * The field of a document's change stamp (ops_sites, ops_devices): the database server's time of
 * the write that last changed it (`$currentDate`, set in the same update), so the stamps of every
 * audit instance come from one clock. Not part of what the repository returns.
 */
export const CHANGED_AT = 'changedAt';
/** `update` that also sets the change stamp `field` (the schemaless `Doc` names no date field the driver's types would accept). */
const stampingAt = (field: string, update: Record<string, unknown>) =>
  ({ ...update, $currentDate: { [field]: true } }) as unknown as mongo.UpdateFilter<Doc>;
const stamping = (update: Record<string, unknown>) => stampingAt(CHANGED_AT, update);

/**
 * How far behind the server's time a read of changes looks: a write takes its stamp when the server
 * applies it and becomes visible when it commits, a moment later, so a write still invisible to a
 * read has a stamp within this of the server's time then. Generous (a commit takes far less): what
 * it costs is the last seconds' documents read again, compared and dropped. A primary elected with a
 * clock further behind than this is caught by the desk's full read (OPS_DESK_FULL_REFRESH_MS).
 */
export const CHANGE_LOOKBEHIND_MILLIS = 5_000;

/** A document without its change stamp (`field`). */
const unstamped = <T>(doc: Doc | null, field = CHANGED_AT): T | undefined => {
  const found = strip<T & Record<string, unknown>>(doc);
  if (found) delete found[field];
  return found;
};

/**
 * The reads of one collection's changes (OperationsRepository.devicesChangedSince). A stamp is a
 * lower bound of the server's time when the read that gave it ran. A read looks CHANGE_LOOKBEHIND_MILLIS
 * behind the stamp it is given: a write still invisible then has a stamp within that of it. The stamp
 * it gives is the newest stamp it saw (applied before it ran), or the stamp it was given plus the time
 * passed since that was given, measured here (a duration: no clock of this process is compared with the
 * server's) — so while no write comes, the reads move on past the last writes instead of reading them
 * again and again. A stamp this instance did not give (or gave long ago) gets no time added: the next
 * reads cover more, never less.
 *
 * `field`: the stamp's field (CHANGED_AT unless the documents use that name themselves). `every`: what
 * a read without a stamp returns (all documents unless given; when given, the stamp is the newest of
 * the whole collection, read first, so that what the filter left out is not read again next time).
 * `toItem`: a document as the repository returns it (without its stamp).
 */
export class ChangeReads<T> {
  /** When each of the latest stamps was given (performance.now(), once its read had returned). */
  private readonly given = new Map<ChangeStamp, number>();
  private readonly field: string;
  private readonly every?: Record<string, unknown>;
  private readonly toItem: (doc: Doc) => T;

  constructor(
    private readonly collection: Collection,
    private readonly lookbehindMillis: number,
    options: { field?: string; every?: Record<string, unknown>; toItem?: (doc: Doc) => T } = {},
  ) {
    this.field = options.field ?? CHANGED_AT;
    this.every = options.every;
    this.toItem = options.toItem ?? ((doc) => unstamped<T>(doc, this.field)!);
  }

  async since(stamp: ChangeStamp | undefined): Promise<Changes<T>> {
    const givenAt = stamp === undefined ? undefined : this.given.get(stamp);
    // the server's time now is at least this
    let floor = stamp === undefined ? 0 : stamp + (givenAt === undefined ? 0 : Math.max(0, performance.now() - givenAt));
    if (stamp === undefined && this.every) {
      // before the read: a write it cannot see yet has a stamp past this one's look-behind
      const newest = await this.collection.findOne({}, { sort: { [this.field]: -1 }, projection: { [this.field]: 1 } });
      const at = newest?.[this.field];
      if (at instanceof Date) floor = at.getTime();
    }
    const filter = stamp === undefined ? (this.every ?? {}) : { [this.field]: { $gte: new Date(stamp - this.lookbehindMillis) } };
    const docs = await this.collection.find(filter).toArray();
    let newest = Math.floor(floor);
    for (const d of docs) {
      const at = d[this.field];
      if (at instanceof Date && at.getTime() > newest) newest = at.getTime();
    }
    this.given.delete(newest);
    this.given.set(newest, performance.now());
    if (this.given.size > 16) this.given.delete(this.given.keys().next().value!);
    return { changed: docs.map(this.toItem), stamp: newest };
  }
}

/**
 * Compare-and-set on a version field: read, compute, write only if nobody wrote meanwhile (or
 * insert if absent); a lost race reads again. `next` returning null means "nothing to change".
 * `stampField`: each write also sets the document's change stamp in this field (see ChangeReads),
 * which `next` does not see.
 */
export async function compareAndSet<T extends object>(
  collection: Collection,
  id: string,
  next: (current: T | undefined) => T | null,
  { stampField }: { stampField?: string } = {},
): Promise<T | null> {
  // `{ value }` wraps the answer: "nothing to change" (null) is an answer, a lost race (undefined) is not.
  const { value } = await withWriteAttempts<{ value: T | null }>(
    async () => {
      const doc = await collection.findOne({ _id: id });
      const updated = next(stampField ? unstamped<T>(doc, stampField) : strip<T>(doc));
      if (!updated) return { value: null };
      if (doc) {
        const v = Number(doc.v ?? 0);
        const result = await collection.updateOne(
          { _id: id, v } as never,
          stampField ? stampingAt(stampField, { $set: { ...updated, v: v + 1 } }) : { $set: { ...updated, v: v + 1 } },
        );
        return result.matchedCount === 1 ? { value: updated } : undefined;
      }
      try {
        if (!stampField) {
          await collection.insertOne({ ...updated, _id: id, v: 1 });
          return { value: updated };
        }
        // an insert cannot take the server's time: an upsert that sets the fields only if it inserts
        // (a document created meanwhile gets a new stamp only, and is read again)
        const result = await collection.updateOne({ _id: id }, stampingAt(stampField, { $setOnInsert: { ...updated, v: 1 } }), {
          upsert: true,
        });
        return result.upsertedCount === 1 ? { value: updated } : undefined;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return undefined;
      }
    },
    () => new Error(`${collection.collectionName} ${id} changed concurrently too often`),
  );
  return value;
}

/**
 * Sessions whose last written document the merges keep, to write the next event of one without
 * reading it first (see BatchedSessionMerges): a session's events reach the desk within seconds, so
 * a minute of sessions at a few dozen a second is enough.
 */
const REMEMBERED_SESSIONS = 1_000;

const newerThan = (at: string, current: string | undefined) => !current || Date.parse(at) >= Date.parse(current);

export class MongoOperationsRepository implements OperationsRepository {
  private readonly siteDocs: Collection;
  private readonly deviceDocs: Collection;
  private readonly sessionDocs: Collection;
  private readonly minuteDocs: Collection;
  private readonly circuitDocs: Collection;
  private readonly feedDocs: Collection;
  private readonly claimDocs: Collection;
  /** A batch's session merges: one find and one bulkWrite (see BatchedSessionMerges). */
  private readonly merges: BatchedSessionMerges<OpsSession>;
  /** A batch's counts into minute buckets, and its feed lines: one bulkWrite each. */
  private readonly minuteWrites: BatchedWrites;
  private readonly feedWrites: BatchedWrites;

  private readonly siteChanges: ChangeReads<SiteInfo>;
  private readonly deviceChanges: ChangeReads<DeviceStatus>;

  /**
   * `batching`: how the consumer's batches of writes form (see RoundTripCoalescer's gatherMillis); absent: each leaves at once.
   * `changeLookbehindMillis`: see CHANGE_LOOKBEHIND_MILLIS (tests shorten it).
   */
  constructor(
    connection: Connection,
    batching: { gatherMillis?: number } = {},
    { changeLookbehindMillis = CHANGE_LOOKBEHIND_MILLIS } = {},
  ) {
    // the desk's refresh reads the sites changed since its last read
    this.siteDocs = collectionOf(connection, 'OpsSite', 'ops_sites', [[{ [CHANGED_AT]: 1 }, 'sites changed since a stamp']]);
    // the per-site device lists of the drill-down; the devices changed since the desk's last read
    this.deviceDocs = collectionOf(connection, 'OpsDevice', 'ops_devices', [
      [{ siteId: 1 }, 'devices of a site'],
      [{ [CHANGED_AT]: 1 }, 'devices changed since a stamp'],
    ]);
    // in-flight counts (opened and not closed) and the pruning of closed sessions
    this.sessionDocs = collectionOf(connection, 'OpsSession', 'ops_sessions', [
      [{ opened: 1, closed: 1 }, 'sessions in flight'],
      [{ closed: 1, closedAt: 1 }, 'pruning'],
    ]);
    // the windows (minutes since …) of all sites, or of one site
    this.minuteDocs = collectionOf(connection, 'OpsMinute', 'ops_minutes', [
      [{ minute: 1 }, 'window of all sites'],
      [{ siteId: 1, minute: 1 }, 'window of one site'],
    ]);
    // which alerts are raised, claimed by one monitor per change (see claimAlertChange)
    this.claimDocs = collectionOf(connection, 'OpsAlertClaim', 'ops_alert_claims', [[{ raised: 1 }, 'raised alerts']]);
    this.circuitDocs = collectionOf(connection, 'OpsCircuit', 'ops_circuits');
    // the live feed, newest first, of all sites or of some
    this.feedDocs = collectionOf(connection, 'OpsFeed', 'ops_feed', [
      [{ at: -1 }, 'feed'],
      [{ siteId: 1, at: -1 }, 'feed of some sites'],
      [{ deviceId: 1, at: -1 }, 'feed of one device'],
    ]);
    this.siteChanges = new ChangeReads(this.siteDocs, changeLookbehindMillis);
    this.deviceChanges = new ChangeReads(this.deviceDocs, changeLookbehindMillis);
    this.merges = new BatchedSessionMerges<OpsSession>(
      this.sessionDocs as never,
      (sessionId) => ({ sessionId, opened: false, closed: false }),
      { ...batching, remember: REMEMBERED_SESSIONS },
    );
    this.minuteWrites = new BatchedWrites(this.minuteDocs as never, batching);
    this.feedWrites = new BatchedWrites(this.feedDocs as never, batching);
  }

  async upsertSite(site: SiteInfo) {
    await this.siteDocs.updateOne({ _id: site.siteId }, stamping({ $set: { ...site } }), { upsert: true });
  }
  async planItinerary(siteId: string, itinerary: PlannedStop[]) {
    await this.siteDocs.updateOne({ _id: siteId }, stamping({ $set: { itinerary }, $setOnInsert: { siteId, kind: 'unknown' } }), {
      upsert: true,
    });
  }
  async sites() {
    return (await this.siteDocs.find({}).toArray()).map((d) => unstamped<SiteInfo>(d)!);
  }
  sitesChangedSince(stamp?: ChangeStamp) {
    return this.siteChanges.since(stamp);
  }

  updateDevice(deviceId: string, next: (current: DeviceStatus | undefined) => DeviceStatus | null) {
    return compareAndSet<DeviceStatus>(this.deviceDocs, deviceId, next, { stampField: CHANGED_AT });
  }
  async devices(siteId?: string) {
    return (await this.deviceDocs.find(siteId ? { siteId } : {}).toArray()).map((d) => unstamped<DeviceStatus>(d)!);
  }
  devicesChangedSince(stamp?: ChangeStamp) {
    return this.deviceChanges.since(stamp);
  }

  mergeSession(sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>, eventId: string) {
    return this.merges.merge(sessionId, patch, eventId);
  }
  async inFlightBySite() {
    const rows = (await this.sessionDocs
      .aggregate([{ $match: { opened: true, closed: false } }, { $group: { _id: '$siteId', n: { $sum: 1 } } }])
      .toArray()) as { _id: string | null; n: number }[];
    return new Map(rows.filter((r) => r._id).map((r) => [r._id!, r.n]));
  }

  async addToMinute(siteId: string, minute: string, factId: string, fact: MinuteFact) {
    // the bucket exists and already counts this fact: the upsert's insert collides on _id
    const written = await this.minuteWrites.write({
      updateOne: {
        filter: { _id: `${siteId}|${minute}`, facts: { $ne: factId } },
        update: { $setOnInsert: { siteId, minute }, $inc: incrementOf(fact), $push: { facts: factId, ...pushOf(fact) } },
        upsert: true,
      },
    });
    return written === 'applied';
  }
  async minutes(fromMinute: string, siteId?: string, toMinute?: string) {
    const filter: Record<string, unknown> = { minute: { $gte: fromMinute, ...(toMinute ? { $lte: toMinute } : {}) } };
    if (siteId) filter.siteId = siteId;
    const docs = await this.minuteDocs.find(filter, { projection: { facts: 0 } }).toArray();
    return docs.map((d) => {
      const b = strip<MinuteBucket>(d)!;
      return {
        ...b,
        count: b.count ?? 0,
        outcomes: b.outcomes ?? {},
        sources: b.sources ?? {},
        settled: b.settled ?? 0,
        totalMillis: b.totalMillis ?? 0,
        buckets: b.buckets ?? {},
        latencies: b.latencies ?? [],
        nationalFailures: b.nationalFailures ?? 0,
      };
    });
  }

  async setCircuit(circuit: CircuitStatus) {
    return !!(await compareAndSet<CircuitStatus>(this.circuitDocs, `${circuit.upstream}|${circuit.instance}`, (current) =>
      newerThan(circuit.at, current?.at) ? circuit : null,
    ));
  }
  async circuits() {
    return (await this.circuitDocs.find({}).toArray()).map((d) => strip<CircuitStatus>(d)!);
  }

  async raisedAlerts() {
    const docs = await this.claimDocs.find({ raised: true }).toArray();
    return new Map(docs.map((d) => [d._id, { alertId: d._id, kind: d.kind as Alert['kind'], scope: (d.scope ?? {}) as Alert['scope'] }]));
  }
  async claimAlertChange(alert: Pick<Alert, 'alertId' | 'kind' | 'scope'>, raised: boolean) {
    const fields = { kind: alert.kind, scope: alert.scope, raised };
    // plain equality on `raised` (no $exists/$or: the test server matched those inconsistently)
    const result = await this.claimDocs.updateOne({ _id: alert.alertId, raised: !raised }, { $set: fields });
    if (result.modifiedCount === 1) return true;
    if (!raised) return false;
    try {
      await this.claimDocs.insertOne({ _id: alert.alertId, ...fields });
      return true;
    } catch (error) {
      // another instance raised it first (or it is already raised)
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async addFeed(entry: FeedEntry) {
    // by id: a line already there stays as it is
    await this.feedWrites.write({ insertOne: { document: { ...entry, _id: entry.id } } });
  }
  async device(deviceId: string) {
    return unstamped<DeviceStatus>(await this.deviceDocs.findOne({ _id: deviceId }));
  }
  async feed(limit: number, siteIds?: readonly string[], deviceId?: string) {
    const filter: Record<string, unknown> = siteIds ? { siteId: { $in: [...siteIds] } } : {};
    if (deviceId) filter.deviceId = deviceId;
    const docs = await this.feedDocs.find(filter).sort({ at: -1 }).limit(limit).toArray();
    return docs.map((d) => ({ ...strip<FeedEntry>(d)!, id: d._id }));
  }

  async prune(before: Date) {
    await this.minuteDocs.deleteMany({ minute: { $lt: before.toISOString().slice(0, 16) } });
    await this.feedDocs.deleteMany({ at: { $lt: before.toISOString() } });
    await this.sessionDocs.deleteMany({ closed: true, closedAt: { $lt: before.toISOString() } });
  }
}
