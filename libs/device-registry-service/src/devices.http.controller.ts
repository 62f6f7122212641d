import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { StaffClaims } from '@hcv/contracts';
import { ActivateDeviceRequest, DeviceChangeRequest, HeartbeatRequest, ListDevicesQuery, RegisterDeviceRequest, RotateCredentialRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { assertSiteAccess, AuthenticatedDevice, canSeeSite, DeviceAuthenticated, RequireRoles, Staff } from '@hcv/platform-access';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { DomainError, NotFoundError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import type { Device } from './domain/device.decide';
import type { DeviceRepository } from './persistence/device.repository';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { RetireDeviceHandler } from './retire-device/retire-device.handler';
import { RotateCredentialHandler } from './rotate-credential/rotate-credential.handler';
import { SuspendDeviceHandler } from './suspend-device/suspend-device.handler';
import { DEVICE_REPOSITORY } from './tokens';

/** What the API shows of a device: never its signing key. */
export function deviceView({ credential, ...device }: Device) {
  return { ...device, ...(credential ? { credential: { credentialId: credential.credentialId, issuedAt: credential.issuedAt } } : {}) };
}

const correlation = (header?: string) => correlationIdFrom(header) ?? randomUUID();

@Controller('devices')
export class DevicesHttpController {
  constructor(
    private readonly registerHandler: RegisterDeviceHandler,
    private readonly activateHandler: ActivateDeviceHandler,
    private readonly suspendHandler: SuspendDeviceHandler,
    private readonly retireHandler: RetireDeviceHandler,
    private readonly rotateHandler: RotateCredentialHandler,
    private readonly heartbeatHandler: RecordHeartbeatHandler,
    @Inject(DEVICE_REPOSITORY) private readonly devices: DeviceRepository,
  ) {}

  @RequireRoles('operator')
  @Post()
  @HttpCode(201)
  async registerDevice(@Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    return deviceView(await this.registerHandler.execute(parseRequest(RegisterDeviceRequest, body), correlation(correlationId)));
  }

  /** The response carries the device secret the first time only: it is shown once and never stored. */
  @RequireRoles('operator')
  @Post(':deviceId/activate')
  @HttpCode(200)
  async activateDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { activatedBy } = parseRequest(ActivateDeviceRequest, body);
    const { device, credential } = await this.activateHandler.execute(deviceId, activatedBy, correlation(correlationId));
    return { ...deviceView(device), ...(credential ? { issuedCredential: credential } : {}) };
  }

  @RequireRoles('operator')
  @Post(':deviceId/suspend')
  @HttpCode(200)
  async suspendDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { by, reason } = parseRequest(DeviceChangeRequest, body);
    return deviceView(await this.suspendHandler.execute(deviceId, by, reason, correlation(correlationId)));
  }

  @RequireRoles('operator')
  @Post(':deviceId/retire')
  @HttpCode(200)
  async retireDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { by, reason } = parseRequest(DeviceChangeRequest, body);
    return deviceView(await this.retireHandler.execute(deviceId, by, reason, correlation(correlationId)));
  }

  @RequireRoles('operator')
  @Post(':deviceId/credential')
  @HttpCode(200)
  async rotateCredential(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    parseRequest(RotateCredentialRequest, body);
    return { issuedCredential: await this.rotateHandler.execute(deviceId, correlation(correlationId)) };
  }

  /** Device-authenticated: the device says it is alive (and, on a bus, which stop it is at). */
  @Post(':deviceId/heartbeat')
  @HttpCode(200)
  @DeviceAuthenticated()
  async heartbeat(@Param('deviceId') deviceId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    if (caller.deviceId !== deviceId) throw new DomainError('device-mismatch', 'A device may only send its own heartbeat.', 403);
    const { stopId } = parseRequest(HeartbeatRequest, body ?? {});
    return this.heartbeatHandler.execute(deviceId, stopId);
  }

  @Get(':deviceId')
  @RequireRoles('operator', 'auditor', 'site-manager')
  async getDevice(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    const device = await this.devices.get(deviceId);
    if (!device || !canSeeSite(staff, device.siteId)) throw new NotFoundError('device', deviceId);
    return deviceView(device);
  }

  /** Site managers must name one of their sites. */
  @Get()
  @RequireRoles('operator', 'auditor', 'site-manager')
  async listDevices(@Staff() staff: StaffClaims, @Query() query: unknown) {
    // Parsed by its contract: a repeated or bracketed parameter (`siteId[$ne]=x`) is refused, never passed to a query.
    const { institutionNumber, siteId } = parseRequest(ListDevicesQuery, query);
    if (!canSeeSite(staff, siteId ?? '')) assertSiteAccess(staff, siteId ?? '(all sites)');
    return (await this.devices.list({ institutionNumber, siteId })).map(deviceView);
  }
}
