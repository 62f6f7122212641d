import type { RegisterDeviceRequest } from '@hcv/contracts';
import { registerDevice, type Device } from '../domain/device.decide';
import type { DeviceStore } from '../persistence/device.store';
import type { InstitutionStore } from '../persistence/institution.store';
import type { SiteStore } from '../persistence/site.store';

/** An operator registers a device at a site of an active institution; it waits for activation. */
export class RegisterDeviceHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly institutions: InstitutionStore,
    private readonly sites: SiteStore,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterDeviceRequest, correlationId: string): Promise<Device> {
    const [institution, site] = await Promise.all([this.institutions.get(command.institutionNumber), this.sites.get(command.siteId)]);
    const decision = registerDevice(command, { institution, site }, this.clock());
    await this.devices.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
