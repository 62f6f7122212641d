/**
 * Circuit breaker for one upstream: after `failureThreshold` consecutive failures it opens and
 * refuses calls for `cooldownMillis`; then one trial call (half-open) closes it on success or
 * re-opens it on failure. Time comes from the injected clock, so the rule is unit-testable.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** A state change, told to listeners (qualification-lookup publishes it as lookup.circuit-changed). */
export interface CircuitChange {
  state: CircuitState;
  previous: CircuitState;
  consecutiveFailures: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private state: CircuitState = 'closed';
  private trialInFlight = false;
  private readonly listeners: ((change: CircuitChange) => void)[] = [];

  constructor(
    private readonly options: { failureThreshold: number; cooldownMillis: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Listens to state changes; the half-open change is seen when the next call asks (the breaker has no timer). */
  onChange(listener: (change: CircuitChange) => void): void {
    this.listeners.push(listener);
  }

  current(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.cooldownMillis) this.moveTo('half-open');
    return this.state;
  }

  /** May a call go out now? In half-open, only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.current();
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.moveTo('closed');
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.moveTo('open');
    }
  }

  private moveTo(state: CircuitState): void {
    const previous = this.state;
    this.state = state;
    if (previous === state) return;
    for (const listener of this.listeners) listener({ state, previous, consecutiveFailures: this.failures });
  }
}
