import type { DataOf, EventContract } from './envelope';

/**
 * An event a rule decided to announce: its contract and data, not yet an envelope. The unit of work
 * builds the envelope with the aggregate's context (subject, correlation, trace) and stores it in
 * the same write as the state, so a pure rule never needs the bus or the clock of the envelope.
 */
export interface EventDraft<C extends EventContract = EventContract> {
  readonly contract: C;
  readonly data: DataOf<C>;
}

export function draft<C extends EventContract>(contract: C, data: DataOf<C>): EventDraft {
  return { contract, data } as EventDraft;
}

/** What a `decide(command, state)` returns: the next state and the events announcing the step. */
export interface Decision<S> {
  readonly state: S;
  readonly events: readonly EventDraft[];
}

/** "Nothing to do": the state as it is, no events (the unit of work then writes nothing). */
export function unchanged<S>(state: S): Decision<S> {
  return { state, events: [] };
}
