import { FhirEligibilitySearchQuery, type StaffClaims } from '@hcv/contracts';
import { seesInsuranceNumbers } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { coverageEligibilityResponse, searchsetBundle } from '../domain/coverage-eligibility';
import { createdRange } from '../domain/fhir-search';
import { scopeToSites, storiesMatching } from '../list-sessions/list-sessions.handler';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** Sessions with activity in the `created` range (JST days for bare dates) and `site`, oldest first, as a searchset Bundle. */
export class SearchCoverageEligibilityHandler {
  constructor(private readonly records: AuditRecordRepository) {}

  /** `selfUrl`: the request's own URL, the Bundle's `self` link. */
  async handle(query: unknown, staff: StaffClaims, selfUrl: string) {
    const q = parseRequest(FhirEligibilitySearchQuery, query);
    scopeToSites(staff, q.site);
    const stories = await storiesMatching(
      this.records,
      { ...createdRange(q.created), ...(q.site ? { siteId: q.site } : {}), limit: q._count },
      staff,
    );
    const auditor = seesInsuranceNumbers(staff);
    return searchsetBundle(
      stories.map((s) => coverageEligibilityResponse(s, { auditor })),
      selfUrl,
    );
  }
}
