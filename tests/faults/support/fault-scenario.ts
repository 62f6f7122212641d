import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultPlatform } from './fault-platform';
import { checkOutcomes, type OutcomeCheck } from './outcome-check';
import { writePhase, type DeviceExperience, type FaultRow } from './fault-report';

export interface ScenarioOptions {
  id: string;
  fault: string;
  platform: FaultPlatform;
  brokers: string[];
  ratePerSecond: number;
  /** Injects the fault and repairs it; resolves with the time the repair was complete (ms epoch). */
  inject: () => Promise<number>;
  /**
   * Load before the fault: it strikes once this many verifications have completed and one is in
   * flight (default 6, about a second of arrivals at 6/s once the first outcomes are back).
   */
  warmUpCompletions?: number;
  /** Load after the repair: arrivals stop once this many verifications started after it have completed (default 6). */
  coolDownCompletions?: number;
  /** How long accepted verifications may take to complete after the arrivals stop. */
  settleMillis?: number;
  notes?: () => string;
}

export interface ScenarioResult {
  row: FaultRow;
  check: OutcomeCheck;
  /** Why refused requests were refused (first words of the answer → count), for the log. */
  refusals: Record<string, number>;
  /** Verifications started and not yet completed when the fault struck (the fault hit work in flight). */
  inFlightAtFault: number;
}

/**
 * One fault under steady load: arrivals at `ratePerSecond` start, the fault is injected mid-stream
 * (after some verifications completed), repaired, the load goes on a while, then every accepted
 * verification is checked for one outcome and one complete audit trail.
 */
export async function runFaultScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const load = options.platform.load(options.ratePerSecond);
  const loadStartedAt = Date.now();
  load.start();
  try {
    // Conditions, not fixed windows: the fault strikes a stream that is flowing and has work in flight.
    await load.until(
      () =>
        load.verifications.filter((v) => v.completedAt !== undefined).length >= (options.warmUpCompletions ?? 6) &&
        load.verifications.some((v) => !v.refused && v.completedAt === undefined),
      60_000,
      'verifications completed before the fault, with one in flight',
    );
    const faultAt = Date.now();
    const inFlightAtFault = load.verifications.filter((v) => !v.refused && v.completedAt === undefined).length;
    const repairedAt = await options.inject();
    const recoveredAt = await load.firstCompletionAfter(repairedAt, 180_000);
    await load.until(
      () =>
        load.verifications.filter((v) => v.startedAt >= repairedAt && v.completedAt !== undefined).length >=
        (options.coolDownCompletions ?? 6),
      180_000,
      'verifications started after the repair to complete',
    );
    load.stopArrivals();
    const arrivalsStoppedAt = Date.now();
    await load.settle(options.settleMillis ?? 120_000);
    const settledAt = Date.now();
    const accepted = load.accepted();
    const beforeRepair = accepted.filter((v) => v.acceptedAt! <= repairedAt);
    const lastDone = Math.max(repairedAt, ...beforeRepair.map((v) => v.completedAt ?? Date.now()));
    const check = await checkOutcomes({
      client: options.platform.client,
      auditUrl: options.platform.process('audit').url,
      brokers: options.brokers,
      verifications: load.verifications,
      diagnose: () => consumerLogLines(join(options.platform.workDir, 'audit.log')),
    });
    const checkedAt = Date.now();
    const figures = load.figures();
    const completions = load.verifications.filter((v) => v.completedAt !== undefined).map((v) => v.completedAt!);
    const backlog = beforeRepair.filter((v) => (v.completedAt ?? Infinity) > repairedAt);
    const catchUpSeconds = (lastDone - repairedAt) / 1000;
    const completedWhileCatchingUp = completions.filter((t) => t > repairedAt && t <= lastDone).length;
    const device: DeviceExperience = {
      before: writePhase(load.writes.filter((w) => w.at < faultAt)),
      during: writePhase(load.writes.filter((w) => w.at >= faultAt && w.at <= repairedAt)),
      after: writePhase(load.writes.filter((w) => w.at > repairedAt)),
      firstOutcomeSeconds: (Math.min(lastDone, ...completions.filter((t) => t > repairedAt)) - repairedAt) / 1000,
      backlogAtRepair: backlog.length,
      catchUpSeconds,
      catchUpTimesArrival: catchUpSeconds > 0 ? completedWhileCatchingUp / catchUpSeconds / options.ratePerSecond : 0,
      openRetries: { ...load.openRetries },
    };
    const refusals: Record<string, number> = {};
    for (const v of load.verifications) if (v.refused) refusals[v.refused.slice(0, 60)] = (refusals[v.refused.slice(0, 60)] ?? 0) + 1;
    const row: FaultRow = {
      id: options.id,
      fault: options.fault,
      rate: options.ratePerSecond,
      accepted: check.accepted,
      completed: check.completed,
      lost: check.lost.length,
      duplicated: check.duplicated.length,
      incompleteTrails: Object.keys(check.incompleteTrails).length,
      chainOk: check.chain.ok,
      refused: figures.refused,
      recoverSeconds: (recoveredAt - faultAt) / 1000,
      drainSeconds: (lastDone - repairedAt) / 1000,
      notes: [
        `${inFlightAtFault} in flight at the fault`,
        `slowest outcome ${(Math.max(0, ...accepted.filter((v) => v.completedAt).map((v) => v.completedAt! - v.acceptedAt!)) / 1000).toFixed(1)} s after acceptance`,
        options.notes?.() ?? '',
        figures.noFreeDevice ? `${figures.noFreeDevice} arrivals found no free device` : '',
      ]
        .filter(Boolean)
        .join('; '),
      ranAt: new Date().toISOString(),
      device,
    };
    const iso = (t: number) => new Date(t).toISOString().slice(11, 23);
    const slowest = Math.max(0, ...accepted.map((v) => v.acceptedAt! - v.startedAt));
    console.log(
      `[fault ${options.id}] fault ${iso(faultAt)}, repaired ${iso(repairedAt)}, recovered ${iso(recoveredAt)}; slowest acceptance ${slowest} ms\n` +
        `[fault ${options.id}] ${options.fault}: ${JSON.stringify(figures)}; lost ${row.lost}, duplicated ${row.duplicated}, ` +
        `incomplete trails ${row.incompleteTrails} ${JSON.stringify(Object.entries(check.incompleteTrails).slice(0, 5))}, chain ${JSON.stringify(check.chain)}; ` +
        `recover ${row.recoverSeconds}s, backlog ${row.drainSeconds}s; refusals ${JSON.stringify(refusals)}\n` +
        `[fault ${options.id}] devices: ${JSON.stringify(device)}\n` +
        `[fault ${options.id}] timeline: load ${iso(loadStartedAt)}, fault ${iso(faultAt)}, repaired ${iso(repairedAt)}, ` +
        `arrivals stopped ${iso(arrivalsStoppedAt)}, settled ${iso(settledAt)}, checked ${iso(checkedAt)}`,
    );
    return { row, check, refusals, inFlightAtFault };
  } finally {
    await load.close();
  }
}

/** The assertions every fault test makes (the requirement: nothing lost, nothing twice, every trail whole). */
export function expectNothingLostOrDuplicated(result: ScenarioResult): void {
  const { check } = result;
  expect(check.accepted).toBeGreaterThan(0);
  expect({ lost: check.lost }).toEqual({ lost: [] });
  expect({ duplicated: check.duplicated }).toEqual({ duplicated: [] });
  expect({ incompleteTrails: check.incompleteTrails }).toEqual({ incompleteTrails: {} });
  expect(check.chain.ok).toBe(true);
  expect(check.completed).toBe(check.accepted);
}

/**
 * The lines of a service's log that tell what its consumers did (kafkajs crashes and restarts,
 * batches that failed, rebalances, messages sent to retry or dead-letter topics), the last 40: printed
 * when audit trails stay incomplete. Log lines carry no personal data (the logger redacts it).
 */
function consumerLogLines(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `${path}: not readable (${(error as Error).message})`;
  }
  const telling = /Crash|Restarting|re-joining|rebalanc|retry topic|dead-lettered|consumer stopped|stopped for good|"level":"error"/;
  const lines = text.split('\n').filter((line) => telling.test(line));
  return `${path}: ${lines.length} consumer lines, the last 40:\n${lines
    .slice(-40)
    .map((line) => line.slice(0, 400))
    .join('\n')}`;
}
