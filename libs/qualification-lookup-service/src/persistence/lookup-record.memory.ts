import { InMemoryOutboxStore, storeWithOutbox, withoutOutbox, type OutboxEntry } from '@hcv/persistence';
import type { LookupRecord, LookupRecordRepository } from './lookup-record.repository';

/** The memory twin (embedded mode, unit specs): entries kept on the stored objects, as in MongoDB. */
export class InMemoryLookupRecordRepository implements LookupRecordRepository {
  private readonly records = new Map<string, LookupRecord>();
  readonly outbox = new InMemoryOutboxStore('lookups', this.records);
  async save(record: LookupRecord, events: readonly OutboxEntry[] = []) {
    if (this.records.has(record.sessionId)) return false;
    this.records.set(record.sessionId, storeWithOutbox(undefined, record, events));
    return true;
  }
  async get(sessionId: string) {
    const record = this.records.get(sessionId);
    return record ? withoutOutbox({ ...record }) : null;
  }
}
