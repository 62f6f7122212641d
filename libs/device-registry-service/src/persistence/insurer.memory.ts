import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry, type WithOutbox } from '@hcv/persistence';
import { codeAlreadyRegistered, type InsurerEnrolment, type InsurerRepository } from './insurer.repository';

const sameRevision = (a: InsurerEnrolment, b: InsurerEnrolment) => a.status === b.status && a.withdrawal?.filedAt === b.withdrawal?.filedAt;

/** The memory twin of MongoInsurerRepository (embedded mode, unit specs). */
export class InMemoryInsurerRepository implements InsurerRepository {
  private readonly items = new Map<string, InsurerEnrolment & WithOutbox>();
  readonly outbox = new InMemoryOutboxStore('insurer_enrolments', this.items);
  async insert(e: InsurerEnrolment, events: readonly OutboxEntry[] = []) {
    if (this.items.has(e.onlineEligibilityCode)) throw codeAlreadyRegistered(e.onlineEligibilityCode);
    this.items.set(e.onlineEligibilityCode, storeWithOutbox(undefined, e, events));
  }
  async get(code: string) {
    const e = this.items.get(code);
    return e ? copyWithoutOutbox(e) : null;
  }
  async write(current: InsurerEnrolment, next: InsurerEnrolment, events: readonly OutboxEntry[] = []) {
    const stored = this.items.get(current.onlineEligibilityCode);
    if (!stored || !sameRevision(stored, current)) return null;
    this.items.set(current.onlineEligibilityCode, storeWithOutbox(stored, next, events));
    return next;
  }
  async activeEnrolment(insurerNumber: string) {
    const found = [...this.items.values()].find((e) => e.insurerNumber === insurerNumber && e.status === 'active');
    return found ? copyWithoutOutbox(found) : null;
  }
  async dueWithdrawals(at: string) {
    return [...this.items.values()]
      .filter((e) => e.status === 'active' && e.withdrawal && e.withdrawal.effectiveFrom <= at)
      .map((e) => copyWithoutOutbox(e));
  }
  async list() {
    return [...this.items.values()]
      .map((e) => copyWithoutOutbox(e))
      .sort((a, b) => (a.onlineEligibilityCode < b.onlineEligibilityCode ? -1 : a.onlineEligibilityCode > b.onlineEligibilityCode ? 1 : 0));
  }
}
