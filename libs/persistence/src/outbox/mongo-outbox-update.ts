import type { Model, UpdateQuery } from 'mongoose';
import type { OutboxEntry } from './outbox-entry';

/** `$push` of new outbox entries (nothing when there are none). */
export function pushOutbox(entries: readonly OutboxEntry[]): { $push?: { outbox: { $each: OutboxEntry[] } } } {
  return entries.length ? { $push: { outbox: { $each: [...entries] } } } : {};
}

/**
 * An update with replaceOne's meaning — the document's fields become `doc`'s, absent fields are
 * removed — that keeps the outbox as stored and appends `entries`. A plain replace would rewrite
 * the outbox from the caller's (possibly stale) copy: re-adding entries the relay already sent, or
 * dropping ones staged meanwhile.
 */
export function replaceKeepingOutbox<T>(model: Model<T>, doc: object, entries: readonly OutboxEntry[] = []): UpdateQuery<T> {
  const { _id: _ignored, outbox: _stale, ...fields } = doc as Record<string, unknown>;
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const topLevel = new Set(Object.keys(model.schema.paths).map((p) => p.split('.')[0]!));
  const unset = [...topLevel].filter((p) => p !== '_id' && p !== 'outbox' && set[p] === undefined);
  return {
    $set: set,
    ...(unset.length ? { $unset: Object.fromEntries(unset.map((p) => [p, ''])) } : {}),
    ...pushOutbox(entries),
  } as UpdateQuery<T>;
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
