import { trace } from '@opentelemetry/api';
import { redact } from './redaction';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => process.stdout.write(line + '\n');

/**
 * JSON-lines logger. Every line carries the active trace id (for jumping from a log to its trace)
 * and passes through `redact`, so personal data cannot reach a log even when a caller passes a
 * whole document by mistake.
 */
export function createLogger(options: { service: string; level?: LogLevel; sink?: LogSink; bindings?: Record<string, unknown> }): Logger {
  const level = options.level ?? (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const min = ORDER[level] ?? ORDER.info;
  const sink = options.sink ?? stdoutSink;
  const bindings = options.bindings ?? {};
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const span = trace.getActiveSpan()?.spanContext();
    const record = {
      time: new Date().toISOString(),
      level: lvl,
      service: options.service,
      msg,
      ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
      ...(redact({ ...bindings, ...fields }) as Record<string, unknown>),
    };
    sink(JSON.stringify(record));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (more) => createLogger({ ...options, level, bindings: { ...bindings, ...more } }),
  };
}
