import { implementingInstitutions, type ImplementingInstitution } from '../domain/implementing-institutions';
import type { DeviceRepository } from '../persistence/device.repository';
import type { InstitutionRepository } from '../persistence/institution.repository';
import type { InsurerRepository } from '../persistence/insurer.repository';

/**
 * The list of implementing institutions (実施機関一覧表), read from the live registry each time: an
 * institution can confirm voucher eligibility online while it has an active device.
 */
export class ListImplementingInstitutionsHandler {
  constructor(
    private readonly institutions: InstitutionRepository,
    private readonly insurers: InsurerRepository,
    private readonly devices: DeviceRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(): Promise<{ generatedAt: string; institutions: ImplementingInstitution[] }> {
    const at = this.clock();
    const [institutions, insurers, activeDevices] = await Promise.all([
      this.institutions.list(),
      this.insurers.list(),
      this.devices.activeDevicesByOperator(),
    ]);
    return { generatedAt: at.toISOString(), institutions: implementingInstitutions(institutions, insurers, activeDevices, at) };
  }
}
