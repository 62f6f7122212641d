import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { HeartbeatRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { AuthenticatedDevice, DeviceAuthenticated, type DeviceCredentialView } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { RecordHeartbeatHandler } from './record-heartbeat.handler';

@Controller('devices')
export class RecordHeartbeatHttpController {
  constructor(private readonly handler: RecordHeartbeatHandler) {}

  /** Device-authenticated: the device says it is alive (and, on a bus, which stop it is at). */
  @Post(':deviceId/heartbeat')
  @HttpCode(200)
  @DeviceAuthenticated()
  async heartbeat(@Param('deviceId') deviceId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    if (caller.deviceId !== deviceId) throw new DomainError('device-mismatch', 'A device may only send its own heartbeat.', 403);
    const { stopId } = parseRequest(HeartbeatRequest, body ?? {});
    return this.handler.execute(deviceId, stopId);
  }
}
