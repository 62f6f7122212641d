import { Controller, Get, Query } from '@nestjs/common';
import { AuditVerifyQuery } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { AuditLedger } from '../record-event/audit-ledger';

/** The auditors' check that the history was not changed (the same verifier as `npm run audit:verify`). */
@Controller('audit')
export class VerifyChainHttpController {
  constructor(private readonly ledger: AuditLedger) {}

  /** Verifies the hash chains of a day range; names the first broken link if any. */
  @Get('verify')
  @RequireRoles('auditor')
  async verify(@Query() query: unknown) {
    const { from, to } = parseRequest(AuditVerifyQuery, query);
    return this.ledger.verify(from, to);
  }
}
