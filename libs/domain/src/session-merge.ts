/**
 * What one event's merge into a session's read-model document found and left (analytics facts,
 * operations sessions): one atomic update that returns the document as it was, so the state after
 * it is known without reading again.
 */
export interface SessionMerge<T> {
  /** The document before this merge (undefined: this event created it). */
  before: T | undefined;
  /** The document after it: `before` with the event's fields. */
  after: T;
  /** The document already held this event id: a redelivery (or a retry after a partial failure). */
  repeated: boolean;
}

/**
 * Whether the event of this merge must count the session (into an analytics cell, an operations
 * minute): the event that made it countable does; a later one does not — what it would count is
 * counted, and its conditional update would be a database round trip that changes nothing. A
 * repeated event counts again (its conditional update is a no-op) because the process may have
 * stopped between the merge and the count the first time.
 */
export function countsNow<T>(merge: SessionMerge<T>, countable: (document: T) => boolean): boolean {
  if (!countable(merge.after)) return false;
  return merge.repeated || merge.before === undefined || !countable(merge.before);
}

/**
 * The memory stores' merge: `docs` holds the documents, `events` the event ids merged into each.
 * Reports what the MongoDB merges report from their one round trip.
 */
export function mergeInMemory<T extends { sessionId: string }>(
  docs: Map<string, T>,
  events: Map<string, Set<string>>,
  merge: { sessionId: string; initial: T; patch: Partial<T>; eventId: string },
): SessionMerge<T> {
  const stored = docs.get(merge.sessionId);
  const after = { ...(stored ?? merge.initial), ...merge.patch, sessionId: merge.sessionId };
  docs.set(merge.sessionId, after);
  const ids = events.get(merge.sessionId) ?? new Set<string>();
  const repeated = ids.has(merge.eventId);
  events.set(merge.sessionId, ids.add(merge.eventId));
  return { before: stored && { ...stored }, after: { ...after }, repeated };
}
