// Loaded first by main.ts so OpenTelemetry patches http before anything requires it.
import { startTelemetry } from '@hcv/observability';

export const telemetry = startTelemetry('audit');
