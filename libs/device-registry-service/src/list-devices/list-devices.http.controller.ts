import { Controller, Get, Query } from '@nestjs/common';
import { ListDevicesQuery, type StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { deviceView } from '../domain/device-view';
import { ListDevicesHandler } from './list-devices.handler';

@Controller('devices')
export class ListDevicesHttpController {
  constructor(private readonly handler: ListDevicesHandler) {}

  /** Site managers must name one of their sites. */
  @Get()
  @RequireRoles('operator', 'auditor', 'site-manager')
  async listDevices(@Staff() staff: StaffClaims, @Query() query: unknown) {
    // Parsed by its contract: a repeated or bracketed parameter (`siteId[$ne]=x`) is refused, never passed to a query.
    return (await this.handler.execute(parseRequest(ListDevicesQuery, query), staff)).map(deviceView);
  }
}
