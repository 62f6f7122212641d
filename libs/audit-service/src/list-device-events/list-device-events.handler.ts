import type { PiiKeys } from '../adapters/insurance-cipher';
import { Identifier, type StaffClaims } from '@hcv/contracts';
import { parseRequest } from '@hcv/platform-http';
import { disclose } from '../domain/disclosure';
import { readerOf } from '../get-session-story/get-session-story.handler';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** A device's own events (registration, activation, lifecycle changes, offline/online), in order. */
export class ListDeviceEventsHandler {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly piiKey: PiiKeys,
  ) {}

  async handle(deviceId: string, staff: StaffClaims) {
    const id = parseRequest(Identifier, deviceId);
    const reader = readerOf(staff, this.piiKey);
    const events = (await this.records.bySubject(id)).filter((r) => !r.facets?.sessionId);
    return { deviceId: id, events: events.map((r) => disclose(r, reader)) };
  }
}
