import type {
  DataOf,
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCredentialIssuedV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
} from '@hcv/contracts';
import type { DeviceDirectory } from '../persistence/device-directory.repository';

/**
 * card-session's copy of the device registry: each device's state, where it belongs and its signing
 * key, newest by event time (events of one device arrive on several topics, in any order).
 */
export class TrackDevicesHandler {
  constructor(private readonly devices: DeviceDirectory) {}

  activated(d: DataOf<typeof DeviceActivatedV1>): Promise<void> {
    return this.devices.setState(d.deviceId, { state: 'active', institutionNumber: d.institutionNumber, siteId: d.siteId }, d.activatedAt);
  }

  /**
   * A device of an insurer running checkups itself, named by its オンライン資格確認用コード (never as an
   * institution number): its sessions name the insurer as their operator.
   */
  activatedForInsurer(d: DataOf<typeof DeviceActivatedV2>): Promise<void> {
    return this.devices.setState(
      d.deviceId,
      { state: 'active', onlineEligibilityCode: d.onlineEligibilityCode, siteId: d.siteId },
      d.activatedAt,
    );
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
