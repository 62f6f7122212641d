import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The issue-6 table (3a–3d). Jest runs each fault file in its own module registry, so the rows are
 * kept in test-output/fault-report.json (one row per fault, replaced by each run of that fault);
 * after every file the whole table is rewritten to test-output/fault-report.md and printed.
 */
export interface FaultRow {
  id: string;
  fault: string;
  rate: number;
  accepted: number;
  completed: number;
  lost: number;
  duplicated: number;
  incompleteTrails: number;
  chainOk: boolean;
  refused: number;
  /** Fault injected → verifications started after the repair complete again (seconds). */
  recoverSeconds: number;
  /** Repair → every verification accepted before it has its outcome (seconds). */
  drainSeconds: number;
  notes: string;
  ranAt: string;
  /** What the devices felt (absent in rows written before it was measured). */
  device?: DeviceExperience;
}

/** Device writes (open, card read, voucher) in one phase: how many, how long, what they answered. */
export interface WritePhase {
  writes: number;
  p50Millis: number;
  p99Millis: number;
  /** Answers other than 2xx, by kind (`503 temporarily-unavailable`, `no answer`, …). */
  errors: Record<string, number>;
}

export interface DeviceExperience {
  /** Writes sent before the fault: what the same machine gives without it (absent in older rows). */
  before?: WritePhase;
  /** Writes sent between the fault and the repair. */
  during: WritePhase;
  /** Writes sent after the repair. */
  after: WritePhase;
  /** Repair → the first outcome any device read after it (the consumers resumed), seconds. */
  firstOutcomeSeconds: number;
  /** Verifications accepted and waiting for their outcome when the repair was complete. */
  backlogAtRepair: number;
  /** Repair → every verification accepted before it has its outcome (seconds). */
  catchUpSeconds: number;
  /** Outcomes per second while catching up, divided by the arrival rate (target ≥ 3). */
  catchUpTimesArrival: number;
  /** Opens sent again with the same idempotency key after a 503 or no answer, and answered 2xx. */
  openRetries: { sent: number; answered: number };
}

/** p-th percentile (nearest rank) of the given values; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function writePhase(writes: { millis: number; answer: string }[]): WritePhase {
  const errors: Record<string, number> = {};
  for (const w of writes) if (w.answer !== '2xx') errors[w.answer] = (errors[w.answer] ?? 0) + 1;
  const millis = writes.map((w) => w.millis);
  return { writes: writes.length, p50Millis: percentile(millis, 50), p99Millis: percentile(millis, 99), errors };
}

const ROOT = join(__dirname, '../../..');
const DIR = join(ROOT, 'test-output');
const JSON_FILE = join(DIR, 'fault-report.json');
const MD_FILE = join(DIR, 'fault-report.md');

export function recordFaultRows(rows: FaultRow[]): string {
  mkdirSync(DIR, { recursive: true });
  const previous: FaultRow[] = existsSync(JSON_FILE) ? (JSON.parse(readFileSync(JSON_FILE, 'utf8')) as FaultRow[]) : [];
  const byId = new Map(previous.map((r) => [r.id, r]));
  for (const row of rows) byId.set(row.id, row);
  const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  writeFileSync(JSON_FILE, JSON.stringify(all, null, 2) + '\n');
  const table = renderTable(all);
  writeFileSync(MD_FILE, table);
  return table;
}

export function renderTable(rows: FaultRow[]): string {
  const head =
    '| | fault | load | accepted | completed | lost | duplicated outcomes | incomplete trails | chain | refused while down | time to recover | backlog done | notes | ran at (UTC) |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  const line = (r: FaultRow) =>
    `| ${r.id} | ${r.fault} | ${r.rate}/s | ${r.accepted} | ${r.completed} | ${r.lost} | ${r.duplicated} | ${r.incompleteTrails} | ${r.chainOk ? 'verifies' : 'BROKEN'} | ${r.refused} | ${r.recoverSeconds.toFixed(1)} s | ${r.drainSeconds.toFixed(1)} s | ${r.notes} | ${r.ranAt.slice(0, 16)} |`;
  const phase = (w: WritePhase) =>
    `${w.writes} · ${w.p50Millis} / ${w.p99Millis} ms · ${
      Object.entries(w.errors)
        .map(([kind, n]) => `${n}× ${kind}`)
        .join(', ') || 'no error'
    }`;
  const measured = rows.filter((r) => r.device);
  const device = measured.length
    ? '\n## What the devices felt\n\n' +
      'Device writes (open, card read, voucher) sent before the fault, while it lasted and after the repair: count · p50 / p99 latency · answers other than 2xx. ' +
      '"first outcome": from the repair until a device read the next outcome (the consumers resumed); "backlog": verifications accepted and waiting when the repair was complete; ' +
      '"catch-up": until every verification accepted before the repair had its outcome, and outcomes per second meanwhile as a multiple of the arrival rate; ' +
      '"open retries": opens answered 503 or not at all and sent again with the same idempotency key (answered 2xx / sent).\n\n' +
      '| | fault | writes before the fault | writes during the fault | writes after the repair | first outcome | backlog | catch-up | open retries |\n' +
      '|---|---|---|---|---|---|---|---|---|\n' +
      measured
        .map((r) => {
          const d = r.device!;
          return `| ${r.id} | ${r.fault} | ${d.before ? phase(d.before) : '—'} | ${phase(d.during)} | ${phase(d.after)} | ${d.firstOutcomeSeconds.toFixed(1)} s | ${d.backlogAtRepair} | ${d.backlogAtRepair ? `${d.catchUpSeconds.toFixed(1)} s · ${d.catchUpTimesArrival.toFixed(1)}×` : 'none to catch up'} | ${d.openRetries.answered} / ${d.openRetries.sent} |`;
        })
        .join('\n') +
      '\n'
    : '';
  return (
    '# Fault suite\n\n' +
    'Reproduce: `npm run build && npx jest tests/faults` (each file also runs alone).\n' +
    '"accepted": the device\'s three requests (open, card read, voucher) answered 2xx; "completed": the outcome read back from card-session; ' +
    '"lost": accepted but never completed; "duplicated": more than one verification.outcome (distinct event ids) for a session in the audit store or on the topic; ' +
    '"incomplete trails": accepted sessions whose audit trail does not hold each of its seven events exactly once; ' +
    '"refused while down": verifications a device request of which was answered non-2xx or not at all (a 409 for a session whose opening answer was lost counts too); never accepted, so never owed an outcome; ' +
    '"time to recover": from the fault until verifications started after the repair complete again; "backlog done": from the repair until every verification accepted before it completed.\n\n' +
    head +
    rows.map(line).join('\n') +
    '\n' +
    device
  );
}
