/**
 * An alert as people work with it (pure). The monitor raises and clears a condition; staff
 * acknowledge ("someone is on it") and resolve ("handled"), each with who, when and a note; every
 * change is a line of the alert's history. One alert id per condition (`<kind>:<scope>`), so a
 * condition that comes back reopens its alert, with the earlier history kept.
 *
 *   open ──acknowledge──▶ acknowledged ──resolve──▶ resolved
 *     └────────────────resolve───────────────────────▲   │
 *   (the monitor clears the condition: resolved by the system unless staff resolved it first;
 *    the monitor raises it again: open)
 */
import { DomainError } from '@hcv/domain';
import type { Alert } from './alert-rules';

export type AlertState = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATES: readonly AlertState[] = ['open', 'acknowledged', 'resolved'];
/** The states of an alert still to be worked (what the desk shows as unresolved). */
export const UNRESOLVED_STATES: readonly AlertState[] = ['open', 'acknowledged'];

export type AlertAction = 'raised' | 'acknowledged' | 'resolved' | 'cleared';

/** Who did it: a staff member (the token's subject) or the monitor. */
export const SYSTEM_ACTOR = 'system';

export interface AlertHistoryEntry {
  action: AlertAction;
  at: string;
  by: string;
  note?: string;
  /** The event that made the change; a redelivered event finds itself here and changes nothing. */
  eventId: string;
}

export interface StaffStep {
  by: string;
  at: string;
  note?: string;
}

export interface DeskAlert extends Alert {
  state: AlertState;
  /** Whether the monitor still sees the condition. */
  condition: 'active' | 'cleared';
  raisedAt: string;
  clearedAt?: string;
  acknowledged?: StaffStep;
  resolved?: StaffStep;
  /** Time of the last change (the desk's "changed since" reads and the stream order by it). */
  changedAt: string;
  history: AlertHistoryEntry[];
}

/** The largest note a person may attach (the audit ledger records it). */
export const MAX_NOTE_LENGTH = 500;

const seen = (alert: DeskAlert | undefined, eventId: string) => !!alert?.history.some((h) => h.eventId === eventId);

/** The monitor raised the condition (first time, again after it cleared, or a repeated event). */
export function onRaised(current: DeskAlert | undefined, raised: Alert & { raisedAt: string }, eventId: string): DeskAlert | null {
  if (seen(current, eventId)) return null;
  // a raise older than the clearing already applied (raise and clear alternate per alert id)
  if (current?.clearedAt && raised.raisedAt < current.clearedAt) return null;
  const entry: AlertHistoryEntry = { action: 'raised', at: raised.raisedAt, by: SYSTEM_ACTOR, eventId };
  if (current && current.condition === 'active')
    // the same condition told twice (e.g. after a restart): new figures, the staff's work stays
    return { ...current, ...raised, history: [...current.history, entry], changedAt: raised.raisedAt };
  const { acknowledged: _a, resolved: _r, clearedAt: _c, ...rest } = current ?? ({} as Partial<DeskAlert>);
  return {
    ...rest,
    ...raised,
    state: 'open',
    condition: 'active',
    raisedAt: raised.raisedAt,
    changedAt: raised.raisedAt,
    history: [...(current?.history ?? []), entry],
  };
}

/** The monitor no longer sees the condition: an alert nobody resolved is resolved by the system. */
export function onCleared(current: DeskAlert | undefined, clearedAt: string, eventId: string): DeskAlert | null {
  if (!current || seen(current, eventId) || current.condition === 'cleared') return null;
  const entry: AlertHistoryEntry = { action: 'cleared', at: clearedAt, by: SYSTEM_ACTOR, eventId };
  return {
    ...current,
    condition: 'cleared',
    clearedAt,
    ...(current.state === 'resolved'
      ? {}
      : { state: 'resolved' as const, resolved: { by: SYSTEM_ACTOR, at: clearedAt, note: 'the condition is over' } }),
    changedAt: clearedAt,
    history: [...current.history, entry],
  };
}

function notFound(alertId: string): DomainError {
  return new DomainError('alert-not-found', `There is no alert ${alertId}.`, 404);
}

/** Checks a staff step before its event is published; throws the refusal a person gets. */
export function assertCanAct(current: DeskAlert | undefined, alertId: string, action: 'acknowledged' | 'resolved'): DeskAlert {
  if (!current) throw notFound(alertId);
  if (current.state === 'resolved')
    throw new DomainError(
      'alert-already-resolved',
      `Alert ${alertId} is already resolved; it reopens by itself if its condition comes back.`,
      409,
    );
  if (action === 'acknowledged' && current.state === 'acknowledged')
    throw new DomainError(
      'alert-already-acknowledged',
      `Alert ${alertId} was already acknowledged by ${current.acknowledged?.by ?? 'someone'}; resolve it when it is handled.`,
      409,
    );
  return current;
}

/** A staff member acknowledges or resolves (idempotent by event id; null when the step no longer applies). */
export function onStaffStep(
  current: DeskAlert | undefined,
  action: 'acknowledged' | 'resolved',
  step: StaffStep,
  eventId: string,
): DeskAlert | null {
  if (!current || seen(current, eventId)) return null;
  if (current.state === 'resolved' || (action === 'acknowledged' && current.state === 'acknowledged')) return null;
  const entry: AlertHistoryEntry = { action, at: step.at, by: step.by, ...(step.note ? { note: step.note } : {}), eventId };
  return {
    ...current,
    state: action,
    ...(action === 'acknowledged' ? { acknowledged: step } : { resolved: step }),
    changedAt: step.at,
    history: [...current.history, entry],
  };
}
