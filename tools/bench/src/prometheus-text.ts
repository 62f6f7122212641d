/**
 * The Prometheus text exposition format (what each service serves at /metrics), read just enough
 * for the benches: one sample per line, `name{label="value",…} value [timestamp]`; `#` lines are
 * help and type. Label values may hold escaped quotes, backslashes and newlines.
 */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    if (match[2]) {
      LABEL.lastIndex = 0;
      let label: RegExpExecArray | null;
      while (LABEL.lastIndex < match[2].length && (label = LABEL.exec(match[2]))) labels[label[1]!] = unescape(label[2]!);
    }
    samples.push({ name: match[1]!, labels, value: parseValue(match[3]!) });
  }
  return samples;
}

/**
 * The sum of a counter's samples over all its labels (`undefined`: the metric is not exposed — no
 * sample and no `# TYPE` line for it).
 */
export function counterTotal(text: string, name: string): number | undefined {
  const samples = parsePrometheusText(text).filter((s) => s.name === name);
  if (samples.length) return samples.reduce((sum, s) => sum + s.value, 0);
  return new RegExp(`^# TYPE ${name} counter$`, 'm').test(text) ? 0 : undefined;
}

/**
 * A counter's samples summed by the values of some of its labels (`"find sessions"` for
 * `['command', 'collection']`); labels a sample lacks read as `?`.
 */
export function counterBy(text: string, name: string, labels: string[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const s of parsePrometheusText(text)) {
    if (s.name !== name) continue;
    const key = labels.map((l) => s.labels[l] ?? '?').join(' ');
    sums[key] = (sums[key] ?? 0) + s.value;
  }
  return sums;
}
