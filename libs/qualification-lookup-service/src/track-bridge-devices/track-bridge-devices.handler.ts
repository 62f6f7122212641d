import type { DataOf, DeviceActivatedV1, DeviceCredentialIssuedV1, DeviceRetiredV1, DeviceSuspendedV1 } from '@hcv/contracts';
import type { BridgeDeviceDirectory } from '../persistence/bridge-device.repository';

/**
 * qualification-lookup's copy of the device registry, for the on-site bridges' signed calls: each
 * device's institution, state and signing key, newest by event time.
 */
export class TrackBridgeDevicesHandler {
  constructor(private readonly devices: BridgeDeviceDirectory) {}

  activated(d: DataOf<typeof DeviceActivatedV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'active', institutionNumber: d.institutionNumber }, d.activatedAt);
  }

  suspended(d: DataOf<typeof DeviceSuspendedV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'suspended' }, d.at);
  }

  retired(d: DataOf<typeof DeviceRetiredV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'retired' }, d.at);
  }

  credentialIssued(d: DataOf<typeof DeviceCredentialIssuedV1>): Promise<void> {
    return this.devices.setKey(d.deviceId, d.signingKey, d.issuedAt);
  }
}
