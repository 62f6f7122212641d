import type { ProcessedEventLog } from './message-bus';

/**
 * The envelope codec's copy of the event id in the headers (CloudEvents binding). Used only to ask
 * the log ahead for a whole batch; the decision is always taken on the id of the decoded body.
 */
const EVENT_ID_HEADER = 'ce_id';

/** The processed-event log as one delivery sees it: the Kafka bus gives one per fetched batch. */
export interface ProcessedInBatch {
  /** Whether this group already handled the event (recorded before, or handled earlier in this batch). */
  seen(eventId: string): Promise<boolean>;
  /** The event's handler succeeded: recorded with the batch's others once the batch settled. */
  handled(eventId: string): void;
}

/** Which of `eventIds` the group handled: one `seenMany` where the log has it, else one `seen` each. */
export async function seenMany(log: ProcessedEventLog, groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (log.seenMany) return log.seenMany(groupId, eventIds);
  const answers = await Promise.all(eventIds.map((id) => log.seen(groupId, id)));
  return new Set(eventIds.filter((_, i) => answers[i]));
}

/** Records `eventIds` as handled: one `recordMany` where the log has it, else one `record` each. */
export async function recordMany(log: ProcessedEventLog, groupId: string, eventIds: readonly string[]): Promise<void> {
  if (log.recordMany) return log.recordMany(groupId, eventIds);
  await Promise.all(eventIds.map((id) => log.record(groupId, id)));
}

/**
 * One fetched batch (one partition) and the processed-event log: the batch's event ids are asked
 * once, at the first message's check (`seenMany`), instead of once per message; the events whose
 * handler succeeded are recorded together by `flush()` after the batch's handlers settled, instead
 * of once per message. The bus resolves the batch's offsets only after `flush()`: an event is never
 * committed before it is recorded, exactly as with a record per message, and a failed record leaves
 * the batch uncommitted (delivered again; the handlers are idempotent).
 *
 * What is never marked: an event whose handler failed, was dead-lettered or sent to the retry
 * topic, or has not run — only `handled()` adds to the record, and deliver() calls it after the
 * handler returned. An event handled earlier in the same batch (a duplicate in one key's lane) is
 * answered `seen` from memory, as the per-message record used to make it. An id the batch did not
 * ask for (no header, or a body whose id differs from its header) is asked alone.
 */
export class BatchProcessedLog implements ProcessedInBatch {
  private readonly asked: Set<string>;
  private answer?: Promise<Set<string>>;
  private readonly handledNow = new Set<string>();
  private toRecord: string[] = [];

  constructor(
    private readonly log: ProcessedEventLog,
    private readonly groupId: string,
    headers: readonly Record<string, string>[],
  ) {
    this.asked = new Set();
    for (const h of headers) {
      const id = h[EVENT_ID_HEADER];
      if (id) this.asked.add(id);
    }
  }

  async seen(eventId: string): Promise<boolean> {
    if (this.handledNow.has(eventId)) return true;
    if (!this.asked.has(eventId)) return this.log.seen(this.groupId, eventId);
    // Asked at the first message's check, for all: a batch nobody checks (its messages skipped,
    // dead-lettered as poison, or a subscription that keeps no log) costs no request.
    this.answer ??= seenMany(this.log, this.groupId, [...this.asked]);
    return (await this.answer).has(eventId);
  }

  handled(eventId: string): void {
    if (this.handledNow.has(eventId)) return;
    this.handledNow.add(eventId);
    this.toRecord.push(eventId);
  }

  /** Records what was handled since the last flush, in one request. Throws if it could not. */
  async flush(): Promise<void> {
    if (!this.toRecord.length) return;
    const ids = this.toRecord;
    this.toRecord = [];
    await recordMany(this.log, this.groupId, ids);
  }
}
