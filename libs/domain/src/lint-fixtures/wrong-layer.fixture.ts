// A deliberate layering mistake, linted only by tests/architecture/module-boundaries.unit.spec.ts:
// the domain layer may not import infrastructure (here the messaging lib).
import { InMemoryProcessedEventLog } from '@hcv/messaging';

export const wrongLayer = new InMemoryProcessedEventLog();
