import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber, Qualification } from '../common';
import { PresentedVoucher } from '../voucher';
import { LookupResult } from './qualification-resolved.v1';

/** The request an answer belongs to (v2: with the voucher as presented), echoed so voucher-matching needs no join. */
export const LookupRequestEchoV2 = z.object({
  sessionId: z.uuid(),
  institutionNumber: InstitutionNumber,
  siteId: Identifier,
  purpose: CheckPurpose,
  checkupDate: z.iso.date(),
  voucher: PresentedVoucher,
});
export type LookupRequestEchoV2 = z.infer<typeof LookupRequestEchoV2>;

/**
 * v2 adds 資格有効性 3 as its own status: the qualification is invalid because a newer one exists
 * (the visitor changed insurer), which needs the new insurer's voucher rather than a refusal.
 */
export const LookupResultV2 = z.discriminatedUnion('status', [
  ...LookupResult.options,
  z.object({ status: z.literal('changed-insurer'), qualification: Qualification, lostOn: z.iso.date().optional() }),
]);
export type LookupResultV2 = z.infer<typeof LookupResultV2>;

/** Who answered: the device reporting what the national app showed (限定型), a 既存型 terminal through the bridge, or the simulator. */
export const EligibilityAnswerSource = z.enum(['device-reported', 'oqs-terminal', 'simulator', 'national-system-http']);
export type EligibilityAnswerSource = z.infer<typeof EligibilityAnswerSource>;

/** qualification-lookup's answer to one eligibility request, with the request echoed. Key: session id. */
export const QualificationResolvedV2 = defineEvent({
  type: 'qualification.resolved',
  version: 2,
  data: () =>
    z.object({
      request: LookupRequestEchoV2,
      result: LookupResultV2,
      answeredBy: EligibilityAnswerSource.optional(),
      resolvedAt: z.iso.datetime({ offset: true }),
      /** Round trip to the national system, reported apart from the pipeline's own latency. */
      upstreamMillis: z.number().nonnegative(),
    }),
});
