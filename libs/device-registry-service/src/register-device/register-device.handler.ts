import type { RegisterDeviceRequest } from '@hcv/contracts';
import { registerDevice, type Device } from '../domain/device.decide';
import type { FoundOperator } from '../domain/operator';
import type { DeviceStore } from '../persistence/device.store';
import type { InstitutionStore } from '../persistence/institution.store';
import type { InsurerStore } from '../persistence/insurer.store';
import type { SiteStore } from '../persistence/site.store';

/** An operator registers a device at a site of an active institution (or insurer); it waits for activation. */
export class RegisterDeviceHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly institutions: InstitutionStore,
    private readonly insurers: InsurerStore,
    private readonly sites: SiteStore,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterDeviceRequest, correlationId: string): Promise<Device> {
    const [operator, site] = await Promise.all([findOperator(command, this.institutions, this.insurers), this.sites.get(command.siteId)]);
    const decision = registerDevice(command, { operator, site }, this.clock());
    await this.devices.create(decision, { context: { correlationId } });
    return decision.state;
  }
}

/** The institution or insurer a request names (exactly one, as the request contract ensures). */
export async function findOperator(
  ref: { institutionNumber?: string; onlineEligibilityCode?: string },
  institutions: InstitutionStore,
  insurers: InsurerStore,
): Promise<FoundOperator> {
  if (ref.onlineEligibilityCode !== undefined) return { insurer: await insurers.get(ref.onlineEligibilityCode) };
  return { institution: await institutions.get(ref.institutionNumber!) };
}
