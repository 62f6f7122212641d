import type { EventContract, EventEnvelope } from '@hcv/contracts';
import { isTransientInfrastructureError, type DeliveryMeta } from '@hcv/messaging';

/**
 * One of the read sides fed from audit's event stream: the hash-chained ledger, the analytics
 * rollups, and those of a part running alongside in the audit process (the operations desk's read
 * models, see AuditModule's `alongside`). Applying a projection twice to the same event must change
 * nothing (each one's writes are conditional on what it already counted), because a retry of the
 * message re-runs every projection that had not yet succeeded in this process — and, after a crash
 * or on a DLQ replay, every projection.
 */
export interface Projection {
  readonly name: string;
  /** The contracts whose events it reads (by topic). */
  readonly contracts: readonly EventContract[];
  readonly project: (event: EventEnvelope, meta: DeliveryMeta) => Promise<void>;
  /**
   * The projection keeps the order of its calls itself (the ledger queues each chain's appends in
   * call order): started at once. Others wait for the previous event of the same key (subject) on
   * the same topic still being projected in this process, so a key's events apply in offset order
   * when a batch's messages are started together (`partition-start` order).
   */
  readonly keepsCallOrder?: boolean;
}

/** Why the message failed: the projections that failed, with the first infrastructure error (if any) as `cause`. */
export class ProjectionFailed extends Error {
  constructor(
    readonly failures: readonly { projection: string; error: unknown }[],
    readonly applied: readonly string[],
  ) {
    const describe = (e: unknown) => (e as Error)?.message ?? String(e);
    super(
      `${failures.map((f) => `${f.projection} projection failed: ${describe(f.error)}`).join('; ')}${applied.length ? ` (applied: ${applied.join(', ')})` : ''}`,
      {
        // delivery decides "infrastructure away → leave uncommitted" versus "retry round / DLQ" from the
        // cause chain: an outage seen by any projection must win over a bug seen by another.
        cause: (failures.find((f) => isTransientInfrastructureError(f.error)) ?? failures[0])?.error,
      },
    );
    this.name = 'ProjectionFailed';
  }
}

/** Settles when all have; rejects (with the first failure) if any failed. */
async function together(runs: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(runs)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Events whose partial success is remembered (a retry skips what already succeeded); bounded. */
const MAX_REMEMBERED = 10_000;

/**
 * Runs the projections for one event of the single `audit.record` consumer group, so that each
 * event is fetched, parsed and validated once instead of once per projection. The projections of
 * one event run concurrently (they write different collections and none reads another's output).
 * The group is ordered `partition-start`: once every projection of an event is under way (the
 * ledger's append queued on its chain, which appends in call order) the handler says so
 * (`meta.begun`) and the partition's next message starts, so a fetched batch's writes leave
 * together; the other projections keep each key's events in offset order (`keepsCallOrder`). When some fail, the others stay applied
 * and the error is thrown: delivery retries the message in place, then on the retry topic, then
 * dead-letters it, exactly as for any handler; on those retries (in this process) only the
 * projections that failed run again.
 */
export class ProjectEventHandler {
  private readonly byTopic = new Map<string, Projection[]>();
  private readonly contractsByTopic = new Map<string, EventContract>();
  /** Event id → projections already applied by an earlier, partly failed attempt in this process. */
  private readonly applied = new Map<string, Set<string>>();
  /** Topic + key → the projections (those not keeping their call order) of its last event still running. */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(projections: readonly Projection[]) {
    for (const projection of projections) {
      for (const contract of projection.contracts) {
        this.byTopic.set(contract.topic, [...(this.byTopic.get(contract.topic) ?? []), projection]);
        this.contractsByTopic.set(contract.topic, contract);
      }
    }
  }

  /** Every contract some projection reads: what the consumer group subscribes to. */
  contracts(): EventContract[] {
    return [...this.contractsByTopic.values()];
  }

  async handle(event: EventEnvelope, meta: DeliveryMeta): Promise<void> {
    const done = this.applied.get(event.id);
    const due = (this.byTopic.get(meta.topic) ?? []).filter((p) => !done?.has(p.name));
    const laneKey = `${meta.topic}\u0000${event.subject}`;
    const previous = this.lanes.get(laneKey);
    // A key's later event is not applied ahead of an earlier one that failed: it fails too, and
    // is delivered again after it.
    const after = (run: () => Promise<void>) =>
      previous
        ? previous.then(run, () => {
            throw new Error(`an earlier event of ${event.subject} on ${meta.topic} failed: not applied ahead of it`);
          })
        : run();
    const running = due.map((p) => (p.keepsCallOrder ? p.project(event, meta) : after(() => p.project(event, meta))));
    const inLane = running.filter((_, i) => !due[i]!.keepsCallOrder);
    const tail = inLane.length ? together(inLane) : undefined;
    if (tail) {
      tail.catch(() => undefined); // its failure is this event's (thrown below); followers read it through `previous`
      this.lanes.set(laneKey, tail);
    }
    // Every projection is under way (the ledger's append queued on its chain): the partition's next message may start.
    meta.begun?.();
    // allSettled, not all: a failure must not leave a sibling still writing while the retry starts it again.
    const results = await Promise.allSettled(running);
    if (tail && this.lanes.get(laneKey) === tail) this.lanes.delete(laneKey);
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [{ projection: due[i]!.name, error: r.reason as unknown }] : []));
    if (!failures.length) {
      this.applied.delete(event.id);
      return;
    }
    const succeeded = due.filter((_, i) => results[i]!.status === 'fulfilled').map((p) => p.name);
    if (succeeded.length) {
      if (!done && this.applied.size >= MAX_REMEMBERED) this.applied.clear();
      this.applied.set(event.id, new Set([...(done ?? []), ...succeeded]));
    }
    throw new ProjectionFailed(failures, [...(done ?? []), ...succeeded]);
  }
}
