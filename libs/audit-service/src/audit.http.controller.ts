import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseRequest, RequireRoles } from '@hcv/service-kit';
import { AuditLedger } from './audit-trail/audit-ledger';
import type { AuditRecordRepository } from './audit-trail/audit-record.repository';
import { AUDIT_RECORDS } from './tokens';

const VerifyQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date() });

const EventsQuery = z.strictObject({
  type: z.string().max(80).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The auditor's read side (roles and masking rules arrive with issue 5). */
@Controller('audit')
export class AuditHttpController {
  constructor(
    @Inject(AUDIT_RECORDS) private readonly records: AuditRecordRepository,
    private readonly ledger: AuditLedger,
  ) {}

  /** Verifies the hash chains of a day range; names the first broken link if any. */
  @Get('verify')
  @RequireRoles('auditor')
  async verify(@Query() query: unknown) {
    const { from, to } = parseRequest(VerifyQuery, query);
    return this.ledger.verify(from, to);
  }

  /** The whole story of one session, in order. */
  @Get('sessions/:sessionId')
  @RequireRoles('auditor', 'operator')
  async session(@Param('sessionId') sessionId: string) {
    return { sessionId, events: await this.records.bySubject(sessionId) };
  }

  @Get('events')
  @RequireRoles('auditor')
  async events(@Query() query: unknown) {
    return { events: await this.records.find(parseRequest(EventsQuery, query)) };
  }
}
