import type { StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { seesInsuranceNumbers } from '@hcv/platform-access';
import { coverageEligibilityResponse } from '../domain/coverage-eligibility';
import { storyOf } from '../get-session-story/get-session-story.handler';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** One session as a FHIR R4 CoverageEligibilityResponse: the story of GET /audit/sessions/:id in standard form. */
export class GetCoverageEligibilityHandler {
  constructor(private readonly records: AuditRecordRepository) {}

  async handle(sessionId: string, staff: StaffClaims) {
    const { story, records } = await storyOf(this.records, sessionId, staff);
    if (!records.length) throw new NotFoundError('session', sessionId);
    return coverageEligibilityResponse(story, { auditor: seesInsuranceNumbers(staff) });
  }
}
