import { parseArgs } from 'node:util';
import type { DeskCollection } from '@hcv/contracts';

/** What `npm run embedded -- --help` prints. */
export const USAGE = `Usage: npm run embedded -- [options]
       node dist/apps/embedded/src/main.js [options]

All five services in one process (in-process bus, memory stores), a small simulated federation,
and a short stream of verifications with the audit trail of the first.

Options:
  --verifications <n>   verifications to run (default 12)
  --concurrency <n>     verifications in flight at once (default 4)
  --seed <n>            seed of the simulated federation (default 20240131)
  --base-port <port>    first HTTP port of the five services (default: free ports)
  --keep-running        keep the services up afterwards; prints staff tokens and the operations desk's URL
  -h, --help            this text

Load mode (npm run bench:embedded):
  --rate <n>            verifications per second, open loop (instead of the printed stream)
  --duration <s>        seconds of load (default 20)
  --max-in-flight <n>   cap on verifications in flight
  --direct              call card-session's use cases in process (no HTTP)
  --cpu-prof <file>     write a V8 CPU profile of the load phase
  --heap-prof <file>    write a sampling heap profile of the load phase (what was allocated, collected included)
`;

/** A bad command line: main prints the message on one line and exits with 2. */
export class UsageError extends Error {}

export type EmbeddedArgs =
  | { mode: 'help' }
  | {
      mode: 'stream';
      verifications: number;
      concurrency: number;
      seed: number;
      basePort?: number;
      keepRunning: boolean;
    }
  | {
      mode: 'load';
      seed: number;
      rate: number;
      durationSeconds: number;
      maxInFlight?: number;
      direct: boolean;
      cpuProfileFile?: string;
      heapProfileFile?: string;
    };

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  verifications: { type: 'string', default: '12' },
  seed: { type: 'string', default: '20240131' },
  concurrency: { type: 'string', default: '4' },
  'keep-running': { type: 'boolean', default: false },
  'base-port': { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string', default: '20' },
  'max-in-flight': { type: 'string' },
  direct: { type: 'boolean', default: false },
  'cpu-prof': { type: 'string' },
  'heap-prof': { type: 'string' },
} as const;

function integer(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}–${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not '${text}'`);
  }
  return value;
}

function positive(name: string, text: string): number {
  const value = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number above 0, not '${text}'`);
  return value;
}

/** node:util's parse errors carry a code and a multi-line message; the first line says it all. */
function parseError(error: unknown): never {
  // Duck-typed: under jest the error comes from another realm and fails `instanceof Error`.
  const text = (error as { message?: unknown } | undefined)?.message;
  const message = (typeof text === 'string' ? text : String(error)).split('\n')[0]!;
  throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return parseError(error);
  }
}

/** Parses and checks the command line; throws UsageError for anything it does not accept. */
export function parseEmbeddedArgs(argv: string[]): EmbeddedArgs {
  const values = parse(argv);
  if (values.help) return { mode: 'help' };
  const seed = integer('seed', values.seed, 0);
  if (values.rate !== undefined) {
    return {
      mode: 'load',
      seed,
      rate: positive('rate', values.rate),
      durationSeconds: positive('duration', values.duration),
      direct: values.direct,
      ...(values['max-in-flight'] !== undefined ? { maxInFlight: integer('max-in-flight', values['max-in-flight'], 1) } : {}),
      ...(values['cpu-prof'] !== undefined ? { cpuProfileFile: values['cpu-prof'] } : {}),
      ...(values['heap-prof'] !== undefined ? { heapProfileFile: values['heap-prof'] } : {}),
    };
  }
  return {
    mode: 'stream',
    verifications: integer('verifications', values.verifications, 1),
    concurrency: integer('concurrency', values.concurrency, 1),
    seed,
    keepRunning: values['keep-running'],
    ...(values['base-port'] !== undefined ? { basePort: integer('base-port', values['base-port'], 1, 65_535) } : {}),
  };
}

const JST = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A time as users in Japan read it, e.g. `2026-12-06 11:42:03 JST`, whatever the machine's zone. */
export function jst(time: Date | string): string {
  return `${JST.format(typeof time === 'string' ? new Date(time) : time)} JST`;
}

const PART_JA: Record<string, string> = {
  basic: '基本的な健診',
  detailed: '詳細な健診',
  additional: '追加健診',
  comprehensive: '人間ドック',
  guidance: '特定保健指導',
};
const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** One 窓口負担 line as the desk reads it: what to collect, part by part, and the total when every part is known. */
export function deskCollectionLine(collect: DeskCollection): string {
  const parts = collect.lines.map((line) => {
    const c = line.copayment;
    const how =
      c.kind === 'none'
        ? '負担なし'
        : c.kind === 'fixed'
          ? '定額'
          : c.kind === 'rate'
            ? `定率 ${c.percent}%${line.unitPrice !== undefined ? ` of ${yen(line.unitPrice)}` : ''}`
            : `保険者負担上限額${collect.insurerUpperLimit !== undefined ? ` ${yen(collect.insurerUpperLimit)}` : ''}`;
    return `${PART_JA[line.part] ?? line.part} ${line.yen !== undefined ? yen(line.yen) : '(金額は単価次第)'} (${how})`;
  });
  const total = collect.totalYen !== undefined ? `合計 ${yen(collect.totalYen)}` : '合計は未確定 (単価不明の部分あり)';
  return `窓口負担: ${parts.join(', ')} — ${total}`;
}
