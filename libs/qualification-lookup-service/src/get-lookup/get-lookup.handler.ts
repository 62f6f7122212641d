import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@hcv/domain';
import type { LookupRecord, LookupRecordRepository } from '../persistence/lookup-record.repository';
import { LOOKUP_RECORDS } from '../tokens';

/** A session's lookup record: status and timing (no personal data is kept here to show). */
@Injectable()
export class GetLookupHandler {
  constructor(@Inject(LOOKUP_RECORDS) private readonly records: LookupRecordRepository) {}

  async execute(sessionId: string): Promise<LookupRecord> {
    const record = await this.records.get(sessionId);
    if (!record) throw new NotFoundError('lookup', sessionId);
    return record;
  }
}
