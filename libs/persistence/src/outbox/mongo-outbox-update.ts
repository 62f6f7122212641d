import type { Model, UpdateQuery } from 'mongoose';
import type { OutboxEntry } from './outbox-entry';

/** `$push` of new outbox entries (nothing when there are none). */
export function pushOutbox(entries: readonly OutboxEntry[]): { $push?: { outbox: { $each: OutboxEntry[] } } } {
  return entries.length ? { $push: { outbox: { $each: [...entries] } } } : {};
}

/**
 * The top-level paths of a schema a replace may have to remove (all but `_id` and `outbox`), worked
 * out once per schema: schemas are complete before their model is compiled, and this ran on every
 * save (a `Set` of split paths each time: about 1.5 % of card-session's CPU under load).
 */
const removablePaths = new WeakMap<object, readonly string[]>();
function removableTopLevelPaths(schema: { paths: object }): readonly string[] {
  let paths = removablePaths.get(schema);
  if (!paths) {
    const topLevel = new Set(Object.keys(schema.paths).map((p) => p.split('.')[0]!));
    topLevel.delete('_id');
    topLevel.delete('outbox');
    paths = [...topLevel];
    removablePaths.set(schema, paths);
  }
  return paths;
}

/**
 * An update with replaceOne's meaning — the document's fields become `doc`'s, absent fields are
 * removed — that keeps the outbox as stored and appends `entries`. A plain replace would rewrite
 * the outbox from the caller's (possibly stale) copy: re-adding entries the relay already sent, or
 * dropping ones staged meanwhile. `doc`'s `_id` and `outbox` are not written, nor its undefined fields.
 */
export function replaceKeepingOutbox<T>(model: Model<T>, doc: object, entries: readonly OutboxEntry[] = []): UpdateQuery<T> {
  const fields = doc as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (key === '_id' || key === 'outbox') continue;
    const value = fields[key];
    if (value !== undefined) set[key] = value;
  }
  let unset: Record<string, ''> | undefined;
  for (const path of removableTopLevelPaths(model.schema)) if (!Object.hasOwn(set, path)) (unset ??= {})[path] = '';
  return { $set: set, ...(unset ? { $unset: unset } : {}), ...pushOutbox(entries) } as UpdateQuery<T>;
}

/**
 * Inserts the document with its events unless `_id` exists (then writes nothing): an idempotent
 * write keyed by the id (session, request event). True if this call inserted it.
 */
export async function insertOnceWithOutbox<T>(
  model: Model<T>,
  id: string,
  fields: object,
  entries: readonly OutboxEntry[] = [],
): Promise<boolean> {
  const result = await model
    .updateOne(
      { _id: id } as never,
      { $setOnInsert: { ...fields, ...(entries.length ? { outbox: [...entries] } : {}) } } as UpdateQuery<T>,
      { upsert: true },
    )
    .exec();
  return result.upsertedCount === 1;
}
