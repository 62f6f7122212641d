export { createLogger, type Logger, type LogLevel, type LogSink } from './logger';
export { redact, isPersonalKey, REDACTED } from './redaction';
export { startTelemetry, mongoStatementShape, withIncomingTrace, type Telemetry } from './telemetry';
