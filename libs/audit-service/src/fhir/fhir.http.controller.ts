import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { FhirEligibilitySearchQuery, type StaffClaims } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { RequireRoles, seesInsuranceNumbers, Staff } from '@hcv/platform-access';
import { assertMaySee, recordsOfSession, scopeToSites, storiesMatching } from '../audit-query/session-records';
import { sessionStory } from '../audit-query/session-story';
import type { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { AUDIT_RECORDS } from '../tokens';
import { coverageEligibilityResponse, searchsetBundle } from './coverage-eligibility';
import { createdRange } from './fhir-search';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const sessionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400) });

/**
 * The FHIR R4 read side of verification outcomes, for systems that consume outcomes in a standard
 * form: one session as a CoverageEligibilityResponse (its request contained), and a search by
 * `created` and `site` answering a searchset Bundle. Same roles and site scoping as the audit
 * queries; see coverage-eligibility.ts for what is (and is never) disclosed.
 */
@Controller('fhir')
export class FhirHttpController {
  constructor(@Inject(AUDIT_RECORDS) private readonly records: AuditRecordRepository) {}

  @Get('CoverageEligibilityResponse/:sessionId')
  @RequireRoles('auditor', 'operator', 'site-manager')
  @Header('content-type', FHIR_JSON)
  async read(@Param('sessionId', sessionIdPipe) sessionId: string, @Staff() staff: StaffClaims) {
    const records = await recordsOfSession(this.records, sessionId);
    if (!records.length) throw new NotFoundError('session', sessionId);
    const story = sessionStory(sessionId, records);
    assertMaySee(staff, story);
    return coverageEligibilityResponse(story, { auditor: seesInsuranceNumbers(staff) });
  }

  /** Sessions with activity in the `created` range (JST days for bare dates), oldest first. */
  @Get('CoverageEligibilityResponse')
  @RequireRoles('auditor', 'operator', 'site-manager')
  @Header('content-type', FHIR_JSON)
  async search(@Query() query: unknown, @Staff() staff: StaffClaims, @Req() req: Request) {
    const q = parseRequest(FhirEligibilitySearchQuery, query);
    scopeToSites(staff, q.site);
    const stories = await storiesMatching(this.records, { ...createdRange(q.created), ...(q.site ? { siteId: q.site } : {}), limit: q._count }, staff);
    const auditor = seesInsuranceNumbers(staff);
    return searchsetBundle(
      stories.map((s) => coverageEligibilityResponse(s, { auditor })),
      `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    );
  }
}
