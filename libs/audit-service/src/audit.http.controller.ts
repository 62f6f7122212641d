import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { AuditEventsQuery, AuditSessionsQuery, AuditVerifyQuery, Identifier, type StaffClaims } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { RequireRoles, seesInsuranceNumbers, Staff } from '@hcv/platform-access';
import { disclose } from './audit-query/disclosure';
import { assertMaySee, recordsOfSession, scopeToSites, storiesMatching } from './audit-query/session-records';
import { sessionStory } from './audit-query/session-story';
import { AuditLedger } from './audit-trail/audit-ledger';
import type { AuditRecordRepository } from './audit-trail/audit-record.repository';
import { AUDIT_PII_KEY, AUDIT_RECORDS } from './tokens';

/**
 * The auditors' read side: chain verification, searches by session, device, site, institution,
 * insurer and time range, and the full story of a session. Insurance numbers are in clear for
 * auditors only; operators and site managers see them masked.
 */
@Controller('audit')
export class AuditHttpController {
  constructor(
    @Inject(AUDIT_RECORDS) private readonly records: AuditRecordRepository,
    @Inject(AUDIT_PII_KEY) private readonly piiKey: string,
    private readonly ledger: AuditLedger,
  ) {}

  /** Verifies the hash chains of a day range; names the first broken link if any. */
  @Get('verify')
  @RequireRoles('auditor')
  async verify(@Query() query: unknown) {
    const { from, to } = parseRequest(AuditVerifyQuery, query);
    return this.ledger.verify(from, to);
  }

  /** Sessions (with their stories, without the raw events) matching the search, oldest first. */
  @Get('sessions')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async sessions(@Query() query: unknown, @Staff() staff: StaffClaims) {
    const q = parseRequest(AuditSessionsQuery, query);
    scopeToSites(staff, q.siteId);
    const sessions = await storiesMatching(this.records, q, staff);
    return { sessions: sessions.map(({ timeline, ...summary }) => ({ ...summary, events: timeline.length })) };
  }

  /** The whole story of one session, in order, with its events (personal fields per role). */
  @Get('sessions/:sessionId')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async session(@Param('sessionId', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400) })) sessionId: string, @Staff() staff: StaffClaims) {
    const records = await recordsOfSession(this.records, sessionId);
    const story = sessionStory(sessionId, records);
    assertMaySee(staff, story);
    const reader = { auditor: seesInsuranceNumbers(staff), piiKey: this.piiKey };
    return { sessionId, story, events: records.map((r) => disclose(r, reader)) };
  }

  /** A device's own events (registration, activation, lifecycle changes, offline/online), in order. */
  @Get('devices/:deviceId')
  @RequireRoles('auditor', 'operator')
  async device(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    const id = parseRequest(Identifier, deviceId);
    const reader = { auditor: seesInsuranceNumbers(staff), piiKey: this.piiKey };
    const events = (await this.records.bySubject(id)).filter((r) => !r.facets?.sessionId);
    return { deviceId: id, events: events.map((r) => disclose(r, reader)) };
  }

  /** Records by type, facets and time range (oldest first). */
  @Get('events')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async events(@Query() query: unknown, @Staff() staff: StaffClaims) {
    const q = parseRequest(AuditEventsQuery, query);
    scopeToSites(staff, q.siteId);
    const reader = { auditor: seesInsuranceNumbers(staff), piiKey: this.piiKey };
    return { events: (await this.records.find(q)).map((r) => disclose(r, reader)) };
  }
}
