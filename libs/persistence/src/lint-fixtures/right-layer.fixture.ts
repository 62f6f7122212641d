// The counterpart of the wrong-layer fixtures, linted only by tests/architecture/module-boundaries.unit.spec.ts:
// an infrastructure lib may import another one.
import { InMemoryProcessedEventLog } from '@hcv/messaging';

export const log = new InMemoryProcessedEventLog();
