import type { UpdateQuery } from 'mongoose';
import { pushOutbox } from './mongo-outbox-update';
import type { OutboxEntry } from './outbox-entry';

/**
 * `replaceKeepingOutbox` for a write conditional on the document holding `stored` (a version check
 * that every change of its fields passes): the fields are known to be `stored`'s, so only those
 * that differ in `next` are written — `$set` of the changed and added ones (a value of `stored`
 * kept as it is, the same reference, is not written again), `$unset` of the ones `next` drops —
 * and the outcome is the same as the whole replace's. If the document is not at `stored` the
 * condition fails and nothing is written. Smaller updates: less to build, serialise and apply on
 * every step of a session (the whole one's building and BSON were ≈ 0.3 % of card-session's CPU at 30/s;
 * 3,573 → 1,028 update bytes per verification).
 */
export function changesKeepingOutbox<T>(
  stored: object,
  next: object,
  entries: readonly OutboxEntry[] = [],
  /** The key that holds the document's id in `stored` (a domain object's own name for `_id`): never written. */
  idKey = '_id',
): UpdateQuery<T> {
  const before = stored as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  let unset: Record<string, ''> | undefined;
  for (const key of Object.keys(after)) {
    if (key === '_id' || key === idKey || key === 'outbox') continue;
    const value = after[key];
    if (value !== undefined && value !== before[key]) set[key] = value;
  }
  for (const key of Object.keys(before)) {
    if (key === '_id' || key === idKey || key === 'outbox') continue;
    if (before[key] !== undefined && after[key] === undefined) (unset ??= {})[key] = '';
  }
  return { $set: set, ...(unset ? { $unset: unset } : {}), ...pushOutbox(entries) } as UpdateQuery<T>;
}
