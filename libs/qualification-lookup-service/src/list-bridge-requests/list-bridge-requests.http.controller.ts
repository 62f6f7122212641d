import { Controller, Get } from '@nestjs/common';
import { AuthenticatedDevice, DeviceAuthenticated, type DeviceCredentialView } from '@hcv/platform-access';
import { ListBridgeRequestsHandler } from './list-bridge-requests.handler';

/** The on-site bridge of a 既存型 institution fetches its terminal's questions. Signed by the bridge's device (HMAC). */
@Controller('bridge')
@DeviceAuthenticated()
export class ListBridgeRequestsHttpController {
  constructor(private readonly handler: ListBridgeRequestsHandler) {}

  @Get('requests')
  list(@AuthenticatedDevice() caller: DeviceCredentialView) {
    return this.handler.execute(caller.deviceId);
  }
}
