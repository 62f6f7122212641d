// A deliberate layering mistake, linted only by tests/architecture/module-boundaries.unit.spec.ts:
// product code may not import the tools (here the load driver).
import { planFederation } from '@hcv/federation-driver';

export const plan = planFederation;
