import type { Connection } from 'mongoose';
import { UNRESOLVED_STATES, type DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertQuery, DeskAlertRepository } from './desk-alert.repository';
import { CHANGE_LOOKBEHIND_MILLIS, ChangeReads, collectionOf, compareAndSet, strip, type Collection, type Doc } from './operations.mongo';
import type { ChangeStamp } from './operations.repository';

/**
 * The field of an alert document's change stamp: the database server's time of the write that last
 * changed it (see CHANGED_AT; an alert's own `changedAt` is the time of its last step, as the event
 * or the staff member said). Set by every write (`update`), never returned.
 */
export const ALERT_STAMP = 'stampedAt';

/**
 * An alert document as read: documents written before alerts had a state (`active` only) read as
 * open (active) or resolved (cleared), with no history.
 */
function fromDoc(doc: Doc | null): DeskAlert | undefined {
  const a = strip<DeskAlert & { active?: boolean; [ALERT_STAMP]?: unknown }>(doc);
  if (!a) return undefined;
  delete a[ALERT_STAMP];
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
  private readonly changes: ChangeReads<DeskAlert>;

  /** `changeLookbehindMillis`: see CHANGE_LOOKBEHIND_MILLIS (tests shorten it). */
  constructor(connection: Connection, { changeLookbehindMillis = CHANGE_LOOKBEHIND_MILLIS } = {}) {
    this.docs = collectionOf(connection, 'OpsDeskAlert', 'ops_alerts', [
      [{ state: 1, changedAt: -1 }, 'alerts in a state, newest change first; the unresolved ones (the desk’s full read)'],
      [{ changedAt: -1 }, 'alerts changed since (the desk refresh), and all alerts newest first'],
      [{ 'scope.siteId': 1, changedAt: -1 }, 'the alerts of some sites'],
      [{ [ALERT_STAMP]: 1 }, 'alerts written since a stamp (the desk refresh)'],
    ]);
    this.changes = new ChangeReads<DeskAlert>(this.docs, changeLookbehindMillis, {
      field: ALERT_STAMP,
      every: { state: { $in: [...UNRESOLVED_STATES] } },
      toItem: (d) => fromDoc(d)!,
    });
  }

  async get(alertId: string) {
    return fromDoc(await this.docs.findOne({ _id: alertId }));
  }
  update(alertId: string, next: (current: DeskAlert | undefined) => DeskAlert | null) {
    // the compare-and-set reads the raw document: give `next` the normalised alert
    return compareAndSet<DeskAlert>(
      this.docs,
      alertId,
      (raw) => next(raw ? fromDoc({ ...(raw as unknown as Doc), _id: alertId }) : undefined),
      { stampField: ALERT_STAMP },
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
  alertsChangedSince(stamp?: ChangeStamp) {
    return this.changes.since(stamp);
  }
}
