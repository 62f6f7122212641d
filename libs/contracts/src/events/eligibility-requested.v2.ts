import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber } from '../common';
import { PresentedVoucher } from '../voucher';
import { ReportedEligibility } from '../reported-eligibility';
import { TerminalQuery } from '../terminal-query';

/**
 * v2: carries the voucher as presented (printed fields, 記号・番号 where printed) instead of its
 * number, so matching needs no voucher file; qualification-lookup echoes it unread. Key: session id.
 */
export const EligibilityRequestedV2 = defineEvent({
  type: 'eligibility.requested',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      purpose: CheckPurpose,
      checkupDate: z.iso.date(),
      cardReference: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
      voucher: PresentedVoucher,
      /** 資格確認限定型: what the device's national app showed; qualification-lookup validates and resolves it instead of asking a national-system adapter. */
      reported: ReportedEligibility.optional(),
      /** 既存型: the query fields a 資格確認端末 needs (birth date, and 記号・番号 where the voucher does not print them); read only for an institution answered through its terminal. */
      terminalQuery: TerminalQuery.optional(),
    }),
});
