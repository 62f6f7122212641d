import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber, Qualification, VoucherNumber } from '../common';

/** The request the answer belongs to, echoed so voucher-matching needs no join (X12 271 echoes its trace too). */
export const LookupRequestEcho = z.object({
  sessionId: z.uuid(),
  institutionNumber: InstitutionNumber,
  siteId: Identifier,
  purpose: CheckPurpose,
  checkupDate: z.iso.date(),
  voucherNumber: VoucherNumber,
});

/**
 * The national system's answer, by 資格有効性: valid (1), lost (2/3), no matching record (4),
 * several matches (5), or the system could not answer.
 */
export const LookupResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('eligible'), qualification: Qualification }),
  z.object({ status: z.literal('lost'), qualification: Qualification, lostOn: z.iso.date() }),
  z.object({ status: z.literal('not-found') }),
  z.object({ status: z.literal('multiple'), candidates: z.number().int().min(2) }),
  z.object({ status: z.literal('unavailable'), reason: z.string().max(200) }),
]);
export type LookupResult = z.infer<typeof LookupResult>;

/** qualification-lookup's answer to one eligibility request, with the request echoed. Key: session id. */
export const QualificationResolvedV1 = defineEvent({
  type: 'qualification.resolved',
  version: 1,
  data: () =>
    z.object({
      request: LookupRequestEcho,
      result: LookupResult,
      resolvedAt: z.iso.datetime({ offset: true }),
      /** Round trip to the national system, reported apart from the pipeline's own latency. */
      upstreamMillis: z.number().nonnegative(),
    }),
});
