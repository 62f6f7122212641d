import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { FHIR_JSON } from '../domain/coverage-eligibility';
import { SearchCoverageEligibilityHandler } from './search-coverage-eligibility.handler';

/** The FHIR search of verification outcomes by `created` and `site`, answering a searchset Bundle. */
@Controller('fhir')
export class SearchCoverageEligibilityHttpController {
  constructor(private readonly handler: SearchCoverageEligibilityHandler) {}

  /** Sessions with activity in the `created` range (JST days for bare dates), oldest first. */
  @Get('CoverageEligibilityResponse')
  @RequireRoles('auditor', 'operator', 'site-manager')
  @Header('content-type', FHIR_JSON)
  async search(@Query() query: unknown, @Staff() staff: StaffClaims, @Req() req: Request) {
    return this.handler.handle(query, staff, `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
  }
}
