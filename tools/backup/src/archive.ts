import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { mongo } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';

const { EJSON } = mongo.BSON;
type Db = mongo.Db;
type Document = mongo.Document;

export const ARCHIVE_FORMAT = 'hcv-backup/1';

/**
 * The order the services' databases are read in. A backup without a single point in time (no
 * oplog) must err towards work being done again rather than lost: a consumer's database is read
 * before the databases of the services that produce its events, so what a restored producer
 * believes it sent is, at worst, not yet handled by the restored consumer — and is handled again
 * once the consumer groups are rewound. audit consumes everything and is read first;
 * device-registry consumes nothing of the others and is read last. The one edge this order cannot
 * honour is voucher-matching → card-session (the cycle of the verification path): a session
 * completed between the two reads has its outcome decided again after a restore (docs/operations.md).
 */
export const BACKUP_ORDER: ServiceName[] = ['audit', 'voucher-matching', 'qualification-lookup', 'card-session', 'device-registry'];

/**
 * Read first in every database: the consumers' record of handled events. An event handled while
 * the rest of the database is read is then missing from the record and handled again after a
 * restore (consumers are idempotent towards redelivery), never recorded as handled without its effect.
 */
export const READ_FIRST = ['processed_events'];

export interface CollectionEntry {
  name: string;
  /** Relative to the archive folder: one canonical Extended JSON document per line, gzip. */
  file: string;
  documents: number;
  /** listIndexes answers without the `_id_` index, `v` and `ns` (createIndexes takes them back). */
  indexes: Document[];
  options: Document;
}

export interface DatabaseEntry {
  name: string;
  service?: ServiceName;
  startedAt: string;
  finishedAt: string;
  collections: CollectionEntry[];
}

export interface ConsumerGroupOffsets {
  groupId: string;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  startedAt: string;
  finishedAt: string;
  /** The services' consumer groups' committed offsets, read before the first database. */
  consumerGroups?: ConsumerGroupOffsets[];
  databases: DatabaseEntry[];
}

export interface DatabaseToBackUp {
  name: string;
  service?: ServiceName;
}

/** Collections in the order they are read: READ_FIRST, then by name; system collections never. */
export function collectionOrder(names: readonly string[]): string[] {
  const rank = (n: string) => {
    const i = READ_FIRST.indexOf(n);
    return i < 0 ? READ_FIRST.length : i;
  };
  return names.filter((n) => !n.startsWith('system.')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Streams one collection to a gzip file of canonical EJSON lines (one document in memory at a time, plus the driver's batch). */
async function dumpCollection(db: Db, name: string, file: string): Promise<number> {
  let documents = 0;
  const cursor = db.collection(name).find({}, { batchSize: 500 });
  async function* lines() {
    for await (const doc of cursor) {
      documents++;
      yield EJSON.stringify(doc, { relaxed: false }) + '\n';
    }
  }
  await pipeline(lines, createGzip(), createWriteStream(file));
  return documents;
}

/** Index definitions as createIndexes takes them back. */
async function indexesOf(db: Db, name: string): Promise<Document[]> {
  const indexes = await db.collection(name).listIndexes().toArray();
  return indexes.filter((i) => i.name !== '_id_').map(({ v: _v, ns: _ns, ...rest }) => rest);
}

export async function backupDatabase(db: Db, folder: string, service?: ServiceName): Promise<DatabaseEntry> {
  const startedAt = new Date().toISOString();
  mkdirSync(join(folder, db.databaseName), { recursive: true });
  const listed = await db.listCollections({}, { nameOnly: false }).toArray();
  const optionsOf = new Map(listed.map((c) => [c.name, (c as { options?: Document }).options ?? {}]));
  const collections: CollectionEntry[] = [];
  for (const name of collectionOrder(listed.map((c) => c.name))) {
    const file = join(db.databaseName, `${name}.ejson.gz`);
    // Indexes first: an index created while the documents are read is then only missing, not half-listed.
    const indexes = await indexesOf(db, name);
    const documents = await dumpCollection(db, name, join(folder, file));
    collections.push({ name, file, documents, indexes, options: cleanOptions(optionsOf.get(name) ?? {}) });
  }
  return { name: db.databaseName, ...(service ? { service } : {}), startedAt, finishedAt: new Date().toISOString(), collections };
}

/** Collection options worth carrying (capped, validators); the rest belongs to the server. */
function cleanOptions(options: Document): Document {
  const keep = ['capped', 'size', 'max', 'validator', 'validationLevel', 'validationAction', 'collation'];
  return Object.fromEntries(Object.entries(options).filter(([k]) => keep.includes(k)));
}

export async function backup(options: {
  client: mongo.MongoClient;
  databases: DatabaseToBackUp[];
  folder: string;
  /** Reads the consumer groups' committed offsets; called once, before the first database. */
  consumerGroups?: () => Promise<ConsumerGroupOffsets[]>;
  log?: (line: string) => void;
}): Promise<Manifest> {
  mkdirSync(options.folder, { recursive: true });
  const startedAt = new Date().toISOString();
  const consumerGroups = options.consumerGroups ? await options.consumerGroups() : undefined;
  const databases: DatabaseEntry[] = [];
  for (const { name, service } of options.databases) {
    const entry = await backupDatabase(options.client.db(name), options.folder, service);
    databases.push(entry);
    const total = entry.collections.reduce((n, c) => n + c.documents, 0);
    options.log?.(`${name}: ${entry.collections.length} collections, ${total} documents`);
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(consumerGroups ? { consumerGroups } : {}),
    databases,
  };
  writeFileSync(join(options.folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export function readManifest(folder: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== ARCHIVE_FORMAT)
    throw new Error(`${folder} is not a ${ARCHIVE_FORMAT} archive (format ${String(manifest.format)})`);
  return manifest;
}

export class TargetNotEmptyError extends Error {}

/** Streams one collection file back in batches of `batch` documents (ordered inserts: the server's types, as read). */
async function loadCollection(db: Db, entry: CollectionEntry, folder: string, batch: number): Promise<number> {
  const collection = db.collection(entry.name);
  const lines = createInterface({ input: createReadStream(join(folder, entry.file)).pipe(createGunzip()), crlfDelay: Infinity });
  let pending: Document[] = [];
  let inserted = 0;
  for await (const line of lines) {
    if (!line) continue;
    pending.push(EJSON.parse(line, { relaxed: false }) as Document);
    if (pending.length >= batch) {
      await collection.insertMany(pending, { ordered: true });
      inserted += pending.length;
      pending = [];
    }
  }
  if (pending.length) {
    await collection.insertMany(pending, { ordered: true });
    inserted += pending.length;
  }
  return inserted;
}

export interface RestoredDatabase {
  from: string;
  to: string;
  collections: Record<string, number>;
}

/**
 * Restores one archived database into `target`. A target holding any collection is refused unless
 * `drop` (then the target database is dropped first). Collections are created with their options,
 * filled, then indexed (unique indexes check the restored documents).
 */
export async function restoreDatabase(options: {
  client: mongo.MongoClient;
  folder: string;
  entry: DatabaseEntry;
  target: string;
  drop?: boolean;
  batch?: number;
}): Promise<RestoredDatabase> {
  const db = options.client.db(options.target);
  const existing = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  if (existing.length) {
    if (!options.drop)
      throw new TargetNotEmptyError(
        `database ${options.target} is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}): restore into a fresh database, or pass --drop to replace it`,
      );
    await db.dropDatabase();
  }
  const collections: Record<string, number> = {};
  for (const entry of options.entry.collections) {
    await db.createCollection(entry.name, entry.options);
    collections[entry.name] = await loadCollection(db, entry, options.folder, options.batch ?? 500);
    if (collections[entry.name] !== entry.documents)
      throw new Error(
        `${options.target}.${entry.name}: ${collections[entry.name]} documents restored, the archive lists ${entry.documents}`,
      );
    if (entry.indexes.length) await db.collection(entry.name).createIndexes(entry.indexes as never);
  }
  return { from: options.entry.name, to: options.target, collections };
}

/** Documents per collection of a live database (for the drill's before/after figures). */
export async function countDocuments(db: Db): Promise<Record<string, number>> {
  const names = collectionOrder((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments({});
  return counts;
}
