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
    '\n'
  );
}
