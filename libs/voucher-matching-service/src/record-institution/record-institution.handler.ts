import type {
  DataOf,
  DeviceActivatedV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InstitutionRegisteredV2,
  InsurerIntroducedV1,
} from '@hcv/contracts';
import type { InstitutionDirectory } from '../persistence/institution-directory.repository';

/**
 * Keeps what the 実施機関一覧表 of a contract shows of each institution: its registration (name,
 * address, days and hours, a 既存型 資格確認端末) and its active 限定型 devices. Devices of an insurer
 * running checkups itself (device.activated v2) name no institution and are not counted: an insurer
 * is not a contract's institution.
 */
export class RecordInstitutionHandler {
  constructor(private readonly directory: InstitutionDirectory) {}

  /** v1 carried number, kind and name only; an insurer's row (kind `insurer`, its code as number) is no institution. */
  async registeredV1(d: DataOf<typeof InstitutionRegisteredV1>): Promise<void> {
    if (d.kind !== 'checkup-institution') return;
    await this.directory.record({ institutionNumber: d.institutionNumber, name: d.name, registeredAt: d.registeredAt });
  }

  async registered(d: DataOf<typeof InstitutionRegisteredV2>): Promise<void> {
    const { registeredBy: _by, ...institution } = d;
    await this.directory.record(institution);
  }

  /** An insurer running checkups itself: its code's insurer number, for the sessions on its own devices. */
  async insurerIntroduced(d: DataOf<typeof InsurerIntroducedV1>): Promise<void> {
    await this.directory.recordInsurer(d.onlineEligibilityCode, d.insurerNumber);
  }

  async activated(d: DataOf<typeof DeviceActivatedV1>): Promise<void> {
    await this.directory.setDeviceState(d.deviceId, { state: 'active', institutionNumber: d.institutionNumber }, d.activatedAt);
  }

  async suspended(d: DataOf<typeof DeviceSuspendedV1>): Promise<void> {
    await this.directory.setDeviceState(d.deviceId, { state: 'suspended' }, d.at);
  }

  async retired(d: DataOf<typeof DeviceRetiredV1>): Promise<void> {
    await this.directory.setDeviceState(d.deviceId, { state: 'retired' }, d.at);
  }
}
