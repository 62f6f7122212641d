/**
 * When /health/ready changes its answer. A check that fails once under load (a database ping slower
 * than its timeout while the service catches up after an outage) must not take the pod out of the
 * load balancer and put it back a probe later: that flapping moves the load to the other pods at
 * the worst moment. A real outage still turns readiness red within a few probes.
 */
export interface ReadinessPolicy {
  /** Consecutive failed probes before a ready service answers not ready. */
  failuresToNotReady: number;
  /** Consecutive passed probes before a not-ready service answers ready again. */
  successesToReady: number;
  /**
   * How long each check (broker metadata, database ping) may take before it counts as failed; below
   * the probe's own timeout (k8s: 3 s), so that a slow check is a failed check, not a probe timeout.
   */
  checkTimeoutMillis: number;
}

export const DEFAULT_READINESS: ReadinessPolicy = { failuresToNotReady: 3, successesToReady: 2, checkTimeoutMillis: 2_000 };

export interface ReadinessView {
  ready: boolean;
  /** Probes in a row with the same result as the last one. */
  streak: number;
}

/**
 * The readiness state machine. A service starts not ready and becomes ready at its first passed
 * probe (nothing to flap yet: a start waits for nothing more). From then on it turns not ready after
 * `failuresToNotReady` failed probes in a row and ready again after `successesToReady` passed ones in
 * a row; a single probe of the other kind in between starts the count again.
 */
export class ReadinessHysteresis {
  private ready = false;
  private wasReady = false;
  private last: boolean | undefined;
  private streak = 0;

  constructor(private readonly policy: Pick<ReadinessPolicy, 'failuresToNotReady' | 'successesToReady'> = DEFAULT_READINESS) {}

  /** Records one probe's result and answers the readiness to report. */
  observe(passed: boolean): ReadinessView {
    this.streak = passed === this.last ? this.streak + 1 : 1;
    this.last = passed;
    if (passed && !this.ready && (!this.wasReady || this.streak >= this.policy.successesToReady)) this.ready = this.wasReady = true;
    else if (!passed && this.ready && this.streak >= this.policy.failuresToNotReady) this.ready = false;
    return { ready: this.ready, streak: this.streak };
  }
}
