import { openDeviceKey, type DeviceKeyRing } from '@hcv/platform-access';
import type {
  DataOf,
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
} from '@hcv/contracts';
import type { BridgeDeviceDirectory } from '../persistence/bridge-device.repository';

/**
 * qualification-lookup's copy of the device registry, for the on-site bridges' signed calls: each
 * device's institution, state and signing key, newest by event time.
 */
export class TrackBridgeDevicesHandler {
  constructor(
    private readonly devices: BridgeDeviceDirectory,
    /** Opens the sealed signing keys of device.credential-issued v2 (DEVICE_KEY_ENCRYPTION_KEYS). */
    private readonly deviceKeys: DeviceKeyRing,
  ) {}

  activated(d: DataOf<typeof DeviceActivatedV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'active', institutionNumber: d.institutionNumber }, d.activatedAt);
  }

  suspended(d: DataOf<typeof DeviceSuspendedV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'suspended' }, d.at);
  }

  retired(d: DataOf<typeof DeviceRetiredV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'retired' }, d.at);
  }

  /** The former form, the key in clear: still read so that events written before v2 keep their effect. */
  credentialIssued(d: DataOf<typeof DeviceCredentialIssuedV1>): Promise<void> {
    return this.devices.setKey(d.deviceId, d.signingKey, d.issuedAt);
  }

  /** A key that does not open (a key id missing from the ring, another device's key) throws: retried, then dead-lettered. */
  async credentialIssuedSealed(d: DataOf<typeof DeviceCredentialIssuedV2>): Promise<void> {
    const signingKey = openDeviceKey(this.deviceKeys, d.sealedSigningKey, d);
    await this.devices.setKey(d.deviceId, signingKey, d.issuedAt);
  }
}
