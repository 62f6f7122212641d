import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, withoutOutbox, type OutboxEntry } from '@hcv/persistence';
import { institutionAlreadyRegistered, type Institution, type InstitutionRepository } from './institution.repository';

/** The memory twin of MongoInstitutionRepository (embedded mode, unit specs). */
export class InMemoryInstitutionRepository implements InstitutionRepository {
  private readonly items = new Map<string, Institution>();
  readonly outbox = new InMemoryOutboxStore('institutions', this.items);
  async insert(i: Institution, events: readonly OutboxEntry[] = []) {
    if (this.items.has(i.institutionNumber)) throw institutionAlreadyRegistered(i.institutionNumber);
    this.items.set(i.institutionNumber, storeWithOutbox(undefined, i, events));
  }
  async get(n: string) {
    const i = this.items.get(n);
    return i ? withoutOutbox({ ...i }) : null;
  }
  async write(current: Institution, next: Institution, events: readonly OutboxEntry[] = []) {
    const i = this.items.get(current.institutionNumber);
    if (!i || i.status !== current.status) return null;
    this.items.set(current.institutionNumber, storeWithOutbox(i, next, events));
    return next;
  }
  async list() {
    return [...this.items.values()].map((i) => copyWithoutOutbox(i)).sort((a, b) => a.institutionNumber.localeCompare(b.institutionNumber));
  }
}
