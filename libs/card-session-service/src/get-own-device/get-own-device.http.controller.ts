import { Controller, Get } from '@nestjs/common';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated } from '@hcv/platform-access';
import { GetOwnDeviceHandler } from './get-own-device.handler';

/**
 * GET /devices/self — the signed device reads what it is. A suspended or retired device never gets
 * here: the signature guard refuses it with 403 device-suspended / device-retired, whose sentence
 * tells the desk to call the federation.
 */
@Controller('devices')
@DeviceAuthenticated()
export class GetOwnDeviceHttpController {
  constructor(private readonly handler: GetOwnDeviceHandler) {}

  @Get('self')
  async getOwnDevice(@AuthenticatedDevice() caller: DeviceCredentialView) {
    return this.handler.execute(caller.deviceId);
  }
}
