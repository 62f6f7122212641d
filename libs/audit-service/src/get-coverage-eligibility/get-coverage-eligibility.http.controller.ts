import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { FHIR_JSON } from '../domain/coverage-eligibility';
import { GetCoverageEligibilityHandler } from './get-coverage-eligibility.handler';

const sessionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400) });

/**
 * The FHIR R4 read side of verification outcomes, for systems that consume outcomes in a standard
 * form: one session as a CoverageEligibilityResponse (its request contained). Same roles and site
 * scoping as the audit queries; see domain/coverage-eligibility.ts for what is (and is never) disclosed.
 */
@Controller('fhir')
export class GetCoverageEligibilityHttpController {
  constructor(private readonly handler: GetCoverageEligibilityHandler) {}

  @Get('CoverageEligibilityResponse/:sessionId')
  @RequireRoles('auditor', 'operator', 'site-manager')
  @Header('content-type', FHIR_JSON)
  async read(@Param('sessionId', sessionIdPipe) sessionId: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(sessionId, staff);
  }
}
