import { z } from 'zod';
import { InsurerNumber } from '../common';
import { Timestamp } from './timestamps';

/** A session's eligibility lookup: its status and timing — the qualification itself is not kept. */
export const LookupRecordResponse = z.strictObject({
  sessionId: z.uuid(),
  institutionNumber: z.string().min(1),
  /** The national system's answer (LookupResult's status). */
  status: z.enum(['eligible', 'lost', 'not-found', 'multiple', 'unavailable']),
  insurerNumber: InsurerNumber.optional(),
  /** Round trip to the national system. */
  upstreamMillis: z.number().min(0),
  resolvedAt: Timestamp,
});
export type LookupRecordResponse = z.infer<typeof LookupRecordResponse>;
