import type { PiiKeys } from '../adapters/insurance-cipher';
import { AuditEventsQuery, type StaffClaims } from '@hcv/contracts';
import { parseRequest } from '@hcv/platform-http';
import { disclose } from '../domain/disclosure';
import { readerOf } from '../get-session-story/get-session-story.handler';
import { scopeToSites } from '../list-sessions/list-sessions.handler';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** Records by type, facets and time range (oldest first), personal fields per role. */
export class ListEventsHandler {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly piiKey: PiiKeys,
  ) {}

  async handle(query: unknown, staff: StaffClaims) {
    const q = parseRequest(AuditEventsQuery, query);
    scopeToSites(staff, q.siteId);
    const reader = readerOf(staff, this.piiKey);
    return { events: (await this.records.find(q)).map((r) => disclose(r, reader)) };
  }
}
