import type { ListDevicesQuery, StaffClaims } from '@hcv/contracts';
import { assertSiteAccess, canSeeSite } from '@hcv/platform-access';
import type { Device, DeviceRepository } from '../persistence/device.repository';

/** The devices of an institution and/or a site; a site manager must name one of their sites. */
export class ListDevicesHandler {
  constructor(private readonly devices: DeviceRepository) {}

  async execute(query: ListDevicesQuery, staff: StaffClaims): Promise<Device[]> {
    const { institutionNumber, onlineEligibilityCode, siteId } = query;
    if (!canSeeSite(staff, siteId ?? '')) assertSiteAccess(staff, siteId ?? '(all sites)');
    return this.devices.list({ institutionNumber, onlineEligibilityCode, siteId });
  }
}
