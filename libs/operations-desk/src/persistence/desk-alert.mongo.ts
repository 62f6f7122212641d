import type { Connection } from 'mongoose';
import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertQuery, DeskAlertRepository } from './desk-alert.repository';
import { collectionOf, compareAndSet, strip, type Collection, type Doc } from './operations.mongo';

/**
 * An alert document as read: documents written before alerts had a state (`active` only) read as
 * open (active) or resolved (cleared), with no history.
 */
function fromDoc(doc: Doc | null): DeskAlert | undefined {
  const a = strip<DeskAlert & { active?: boolean }>(doc);
  if (!a) return undefined;
  if (a.state) return { ...a, alertId: doc!._id, history: a.history ?? [] };
  const { active, ...rest } = a;
  return {
    ...rest,
    alertId: doc!._id,
    state: active ? 'open' : 'resolved',
    condition: active ? 'active' : 'cleared',
    raisedAt: rest.raisedAt ?? rest.changedAt,
    history: [],
  };
}

export class MongoDeskAlertRepository implements DeskAlertRepository {
  private readonly docs: Collection;

  constructor(connection: Connection) {
    this.docs = collectionOf(connection, 'OpsDeskAlert', 'ops_alerts', [
      [{ state: 1, changedAt: -1 }, 'alerts in a state, newest change first'],
      [{ changedAt: -1 }, 'alerts changed since (the desk refresh), and all alerts newest first'],
      [{ 'scope.siteId': 1, changedAt: -1 }, 'the alerts of some sites'],
    ]);
  }

  async get(alertId: string) {
    return fromDoc(await this.docs.findOne({ _id: alertId }));
  }
  update(alertId: string, next: (current: DeskAlert | undefined) => DeskAlert | null) {
    // the compare-and-set reads the raw document: give `next` the normalised alert
    return compareAndSet<DeskAlert>(this.docs, alertId, (raw) =>
      next(raw ? fromDoc({ ...(raw as unknown as Doc), _id: alertId }) : undefined),
    );
  }
  async list(query: DeskAlertQuery) {
    const filter: Record<string, unknown> = {};
    if (query.states) filter.state = { $in: [...query.states] };
    if (query.siteIds) filter['scope.siteId'] = { $in: [...query.siteIds] };
    const docs = await this.docs.find(filter).sort({ changedAt: -1, _id: 1 }).limit(query.limit).toArray();
    return docs.map((d) => fromDoc(d)!);
  }
  async changedSince(at: string) {
    const docs = await this.docs
      .find({ changedAt: { $gte: at } })
      .sort({ changedAt: -1, _id: 1 })
      .toArray();
    return docs.map((d) => fromDoc(d)!);
  }
}
