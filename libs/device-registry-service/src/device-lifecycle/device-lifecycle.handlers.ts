import { randomUUID } from 'node:crypto';
import {
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceRegisteredV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  type RegisterDeviceRequest,
} from '@hcv/contracts';
import { newDeviceSecret, signingKeyFromSecret } from '@hcv/device-auth';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { EventPublisher } from '@hcv/messaging';
import { requestDevice, transition, type Device, type DeviceState } from '../devices/device';
import type { DeviceRepository } from '../devices/device.repository';
import type { InstitutionRepository } from '../institutions/institution.repository';
import type { SiteRepository } from '../sites/site.repository';

/** What an operator sees once, at activation or rotation: the secret is never stored or shown again. */
export interface IssuedCredential {
  credentialId: string;
  secret: string;
  issuedAt: string;
}

/** Registration and lifecycle of devices (requested → active → suspended → retired), with who and why. */
export class DeviceLifecycle {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly institutions: InstitutionRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async register(command: RegisterDeviceRequest, correlationId: string): Promise<Device> {
    const institution = await this.institutions.get(command.institutionNumber);
    if (!institution || institution.status !== 'active') {
      throw new DomainError('institution-not-active', `Institution ${command.institutionNumber} is not registered or was withdrawn.`, 422, 'institutionNumber');
    }
    const site = await this.sites.get(command.siteId);
    if (!site || site.institutionNumber !== command.institutionNumber) {
      throw new DomainError('site-not-registered', `Site ${command.siteId} is not a site of institution ${command.institutionNumber}.`, 422, 'siteId');
    }
    const device = requestDevice({ ...command, at: this.clock() });
    await this.devices.insert(device);
    await this.publisher.publish(DeviceRegisteredV1, command, { subject: device.deviceId, correlationId });
    return device;
  }

  /** Activates (first time: issues the credential) or re-activates a suspended device. */
  async activate(deviceId: string, by: string, correlationId: string): Promise<{ device: Device; credential?: IssuedCredential }> {
    const { device, before } = await this.change(deviceId, 'active', by, undefined);
    // Activation counts as being heard from: the offline clock starts now.
    await this.devices.recordHeartbeat(deviceId, this.lastChange(device));
    const credential = before.credential ? undefined : await this.issueCredential(device, correlationId);
    await this.publisher.publish(
      DeviceActivatedV1,
      { deviceId, institutionNumber: device.institutionNumber, siteId: device.siteId, kind: device.kind, activatedAt: this.lastChange(device), activatedBy: by },
      { subject: deviceId, correlationId },
    );
    return { device: await this.get(deviceId), ...(credential ? { credential } : {}) };
  }

  async suspend(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const { device } = await this.change(deviceId, 'suspended', by, reason);
    await this.publisher.publish(DeviceSuspendedV1, { deviceId, at: this.lastChange(device), by, reason }, { subject: deviceId, correlationId });
    return device;
  }

  async retire(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const { device } = await this.change(deviceId, 'retired', by, reason);
    await this.publisher.publish(DeviceRetiredV1, { deviceId, at: this.lastChange(device), by, reason }, { subject: deviceId, correlationId });
    return device;
  }

  /** A new credential; the previous one stops working as soon as services learn of this one. */
  async rotate(deviceId: string, correlationId: string): Promise<IssuedCredential> {
    const device = await this.get(deviceId);
    if (device.state !== 'active') throw new DomainError('credential-needs-active-device', `Device ${deviceId} is ${device.state}; only an active device gets a new credential.`, 409);
    return this.issueCredential(device, correlationId);
  }

  private async get(deviceId: string): Promise<Device> {
    const device = await this.devices.get(deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    return device;
  }

  private lastChange(device: Device): string {
    return device.history[device.history.length - 1]!.at;
  }

  private async change(deviceId: string, to: DeviceState, by: string, reason: string | undefined) {
    const before = await this.get(deviceId);
    const device = transition(before, to, by, this.clock(), reason);
    if (!(await this.devices.replace(device, before.state))) {
      throw new DomainError('device-changed-concurrently', `Device ${deviceId} changed meanwhile; retry.`, 409);
    }
    return { device, before };
  }

  private async issueCredential(device: Device, correlationId: string): Promise<IssuedCredential> {
    const secret = newDeviceSecret();
    const credential = { credentialId: `cred-${randomUUID()}`, signingKey: signingKeyFromSecret(secret), issuedAt: this.clock().toISOString() };
    const current = await this.get(device.deviceId);
    if (!(await this.devices.replace({ ...current, credential }, current.state))) {
      throw new DomainError('device-changed-concurrently', `Device ${device.deviceId} changed meanwhile; retry.`, 409);
    }
    await this.publisher.publish(
      DeviceCredentialIssuedV1,
      { deviceId: device.deviceId, ...credential },
      { subject: device.deviceId, correlationId },
    );
    return { credentialId: credential.credentialId, secret, issuedAt: credential.issuedAt };
  }
}
