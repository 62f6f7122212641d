import { z } from 'zod';
import { InsurerNumber } from '../common';
import { EligibilityAnswerSource } from '../events/qualification-resolved.v2';
import { Timestamp } from './timestamps';

/** A session's eligibility lookup: its status and timing — the qualification itself is not kept. */
export const LookupRecordResponse = z.strictObject({
  sessionId: z.uuid(),
  /** Who ran the visit: an institution, or an insurer running checkups itself (its code) — one of the two. */
  institutionNumber: z.string().min(1).optional(),
  onlineEligibilityCode: z.string().min(1).optional(),
  /** The national system's answer (LookupResultV2's status; changed-insurer: 資格有効性 3, a newer qualification exists). */
  status: z.enum(['eligible', 'lost', 'changed-insurer', 'not-found', 'multiple', 'unavailable']),
  /** Who answered: the simulator or the national system's HTTP adapter. */
  answeredBy: EligibilityAnswerSource.optional(),
  insurerNumber: InsurerNumber.optional(),
  /** Round trip to the national system. */
  upstreamMillis: z.number().min(0),
  resolvedAt: Timestamp,
});
export type LookupRecordResponse = z.infer<typeof LookupRecordResponse>;
