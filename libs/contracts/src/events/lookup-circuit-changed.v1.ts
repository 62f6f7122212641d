import { z } from 'zod';
import { defineEvent } from '../envelope';

/**
 * The circuit breaker in front of an upstream (the national eligibility system) changed state in
 * one qualification-lookup instance: `open` refuses calls for the cooldown, `half-open` lets one
 * trial through, `closed` is normal. Each instance has its own breaker, hence `instance`.
 * Key: the upstream name.
 */
export const LookupCircuitChangedV1 = defineEvent({
  type: 'lookup.circuit-changed',
  version: 1,
  partitions: 1,
  data: () =>
    z.object({
      upstream: z.string().min(1).max(64),
      instance: z.string().min(1).max(128),
      state: z.enum(['closed', 'open', 'half-open']),
      previous: z.enum(['closed', 'open', 'half-open']),
      consecutiveFailures: z.number().int().nonnegative(),
      cooldownMillis: z.number().int().nonnegative(),
      at: z.iso.datetime({ offset: true }),
    }),
});
