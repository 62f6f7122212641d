// Loaded first so OpenTelemetry patches http before Nest loads it.
import { startTelemetry } from '@hcv/observability';

export const telemetry = startTelemetry('embedded');
