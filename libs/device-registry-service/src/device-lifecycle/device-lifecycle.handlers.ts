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
import type { Outbox, OutboxEntry } from '@hcv/persistence';
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
    private readonly outbox: Outbox,
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
    await this.devices.insert(device, [this.outbox.stage(DeviceRegisteredV1, command, { subject: device.deviceId, correlationId })]);
    await this.outbox.dispatch(this.devices.outbox, device.deviceId);
    return device;
  }

  /**
   * Activates (first time: issues the credential) or re-activates a suspended device. The new
   * state, the credential and both events are one write, so services never learn of an active
   * device without its key, nor of a key for a device that was not stored active.
   */
  async activate(deviceId: string, by: string, correlationId: string): Promise<{ device: Device; credential?: IssuedCredential }> {
    const before = await this.get(deviceId);
    const issued = before.credential ? undefined : this.newCredential();
    const { device } = await this.change(deviceId, 'active', by, undefined, (moved) => [
      ...(issued ? [this.outbox.stage(DeviceCredentialIssuedV1, { deviceId, ...issued.stored }, { subject: deviceId, correlationId })] : []),
      this.outbox.stage(
        DeviceActivatedV1,
        { deviceId, institutionNumber: moved.institutionNumber, siteId: moved.siteId, kind: moved.kind, activatedAt: this.lastChange(moved), activatedBy: by },
        { subject: deviceId, correlationId },
      ),
    ], issued ? { credential: issued.stored } : {}, before);
    // Activation counts as being heard from: the offline clock starts now.
    await this.devices.recordHeartbeat(deviceId, this.lastChange(device));
    return { device: await this.get(deviceId), ...(issued ? { credential: issued.shown } : {}) };
  }

  async suspend(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const { device } = await this.change(deviceId, 'suspended', by, reason, (moved) => [
      this.outbox.stage(DeviceSuspendedV1, { deviceId, at: this.lastChange(moved), by, reason }, { subject: deviceId, correlationId }),
    ]);
    return device;
  }

  async retire(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const { device } = await this.change(deviceId, 'retired', by, reason, (moved) => [
      this.outbox.stage(DeviceRetiredV1, { deviceId, at: this.lastChange(moved), by, reason }, { subject: deviceId, correlationId }),
    ]);
    return device;
  }

  /** A new credential; the previous one stops working as soon as services learn of this one. */
  async rotate(deviceId: string, correlationId: string): Promise<IssuedCredential> {
    const device = await this.get(deviceId);
    if (device.state !== 'active') throw new DomainError('credential-needs-active-device', `Device ${deviceId} is ${device.state}; only an active device gets a new credential.`, 409);
    const issued = this.newCredential();
    const event = this.outbox.stage(DeviceCredentialIssuedV1, { deviceId, ...issued.stored }, { subject: deviceId, correlationId });
    if (!(await this.devices.replace({ ...device, credential: issued.stored }, device.state, [event]))) {
      throw new DomainError('device-changed-concurrently', `Device ${deviceId} changed meanwhile; retry.`, 409);
    }
    await this.outbox.dispatch(this.devices.outbox, deviceId);
    return issued.shown;
  }

  private async get(deviceId: string): Promise<Device> {
    const device = await this.devices.get(deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    return device;
  }

  private lastChange(device: Device): string {
    return device.history[device.history.length - 1]!.at;
  }

  /** One state change and its events in one conditional write, then sent. */
  private async change(
    deviceId: string,
    to: DeviceState,
    by: string,
    reason: string | undefined,
    events: (moved: Device) => OutboxEntry[],
    extra: Partial<Device> = {},
    known?: Device,
  ) {
    const before = known ?? (await this.get(deviceId));
    const device = { ...transition(before, to, by, this.clock(), reason), ...extra };
    if (!(await this.devices.replace(device, before.state, events(device)))) {
      throw new DomainError('device-changed-concurrently', `Device ${deviceId} changed meanwhile; retry.`, 409);
    }
    await this.outbox.dispatch(this.devices.outbox, deviceId);
    return { device, before };
  }

  /** The stored part (signing key) and the part shown once (the secret, never stored). */
  private newCredential(): { stored: NonNullable<Device['credential']>; shown: IssuedCredential } {
    const secret = newDeviceSecret();
    const stored = { credentialId: `cred-${randomUUID()}`, signingKey: signingKeyFromSecret(secret), issuedAt: this.clock().toISOString() };
    return { stored, shown: { credentialId: stored.credentialId, secret, issuedAt: stored.issuedAt } };
  }
}
