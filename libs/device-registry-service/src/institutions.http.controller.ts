import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { type StaffClaims, ImplementingInstitutionsQuery, IntroductionNoticeRequest, RegisterInstitutionRequest, RegisterSiteRequest, SetItineraryRequest, WithdrawalNoticeRequest } from '@hcv/contracts';
import { assertSiteAccess, RequireRoles, Staff } from '@hcv/platform-access';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { csvText, parseRequest } from '@hcv/platform-http';
import { NotFoundError } from '@hcv/domain';
import type { DeviceRepository } from './persistence/device.repository';
import { implementingInstitutions, LIST_COLUMNS, listCsvRow } from './domain/implementing-institutions';
import { IntroduceInsurerHandler } from './introduce-insurer/introduce-insurer.handler';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { RegisterSiteHandler } from './register-site/register-site.handler';
import { SetItineraryHandler } from './set-itinerary/set-itinerary.handler';
import { WithdrawInsurerHandler } from './withdraw-insurer/withdraw-insurer.handler';
import type { InstitutionRepository } from './persistence/institution.repository';
import type { SiteRepository } from './persistence/site.repository';
import { DEVICE_REPOSITORY, INSTITUTION_REPOSITORY, SITE_REPOSITORY } from './tokens';

const correlation = (header?: string) => correlationIdFrom(header) ?? randomUUID();

@Controller()
export class InstitutionsHttpController {
  constructor(
    private readonly registerInstitutionHandler: RegisterInstitutionHandler,
    private readonly introduceHandler: IntroduceInsurerHandler,
    private readonly withdrawHandler: WithdrawInsurerHandler,
    private readonly registerSiteHandler: RegisterSiteHandler,
    private readonly setItineraryHandler: SetItineraryHandler,
    @Inject(INSTITUTION_REPOSITORY) private readonly institutions: InstitutionRepository,
    @Inject(SITE_REPOSITORY) private readonly sites: SiteRepository,
    @Inject(DEVICE_REPOSITORY) private readonly devices: DeviceRepository,
  ) {}

  /**
   * The list of implementing institutions (実施機関一覧表), read from the live registry each time: an
   * institution can confirm voucher eligibility online while it has an active device.
   */
  @RequireRoles('operator', 'analyst', 'auditor')
  @Get('implementing-institutions')
  async implementingInstitutions(@Query() query: unknown, @Res() res: Response) {
    const q = parseRequest(ImplementingInstitutionsQuery, query);
    const [institutions, activeDevices] = await Promise.all([this.institutions.list(), this.devices.activeDevicesByInstitution()]);
    const list = implementingInstitutions(institutions, activeDevices);
    const generatedAt = new Date().toISOString();
    if (q.format === 'csv') {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="implementing-institutions_${generatedAt.slice(0, 10)}.csv"`)
        .send(csvText(LIST_COLUMNS, list.map(listCsvRow), { bom: q.bom === 'true' }));
      return;
    }
    res.status(200).json({ generatedAt, columns: LIST_COLUMNS, institutions: list });
  }

  @RequireRoles('operator')
  @Post('institutions')
  @HttpCode(201)
  async registerInstitution(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.registerInstitutionHandler.execute(parseRequest(RegisterInstitutionRequest, body), correlation(c));
  }

  @RequireRoles('operator', 'auditor', 'analyst')
  @Get('institutions/:institutionNumber')
  async getInstitution(@Param('institutionNumber') institutionNumber: string) {
    const institution = await this.institutions.get(institutionNumber);
    if (!institution) throw new NotFoundError('institution', institutionNumber);
    return institution;
  }

  /** 導入届: answers with the issued オンライン資格確認用コード (as institutionNumber). */
  @RequireRoles('operator')
  @Post('insurer-notices/introduction')
  @HttpCode(201)
  async introduce(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    const institution = await this.introduceHandler.execute(parseRequest(IntroductionNoticeRequest, body), correlation(c));
    return { onlineEligibilityCode: institution.institutionNumber, institution };
  }

  /** 廃止届: ends the code and suspends all its devices. */
  @RequireRoles('operator')
  @Post('insurer-notices/withdrawal')
  @HttpCode(200)
  async withdraw(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.withdrawHandler.execute(parseRequest(WithdrawalNoticeRequest, body), correlation(c));
  }

  @RequireRoles('operator')
  @Post('sites')
  @HttpCode(201)
  async registerSite(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.registerSiteHandler.execute(parseRequest(RegisterSiteRequest, body), correlation(c));
  }

  @RequireRoles('operator')
  @Put('sites/:siteId/itinerary')
  async setItinerary(@Param('siteId') siteId: string, @Body() body: unknown) {
    return this.setItineraryHandler.execute(siteId, parseRequest(SetItineraryRequest, body).itinerary);
  }

  @RequireRoles('operator', 'auditor', 'site-manager')
  @Get('sites/:siteId')
  async getSite(@Param('siteId') siteId: string, @Staff() staff: StaffClaims) {
    assertSiteAccess(staff, siteId);
    const site = await this.sites.get(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    return site;
  }
}
