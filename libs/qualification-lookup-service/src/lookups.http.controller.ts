import { Controller, Get, Inject, Param } from '@nestjs/common';
import { NotFoundError } from '@hcv/domain';
import { RequireRoles } from '@hcv/platform-access';
import type { LookupRecordRepository } from './lookups/lookup-record.repository';
import { LOOKUP_RECORDS } from './tokens';

@Controller('lookups')
export class LookupsHttpController {
  constructor(@Inject(LOOKUP_RECORDS) private readonly records: LookupRecordRepository) {}

  /** Status and timing of a session's lookup (no personal data is kept here to show). */
  @Get(':sessionId')
  @RequireRoles('operator', 'auditor')
  async get(@Param('sessionId') sessionId: string) {
    const record = await this.records.get(sessionId);
    if (!record) throw new NotFoundError('lookup', sessionId);
    return record;
  }
}
