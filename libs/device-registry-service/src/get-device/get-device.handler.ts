import type { StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { canSeeSite } from '@hcv/platform-access';
import type { Device, DeviceRepository } from '../persistence/device.repository';

/** One device, as a staff member may see it: a device at a site they may not see does not exist for them. */
export class GetDeviceHandler {
  constructor(private readonly devices: DeviceRepository) {}

  async execute(deviceId: string, staff: StaffClaims): Promise<Device> {
    const device = await this.devices.get(deviceId);
    if (!device || !canSeeSite(staff, device.siteId)) throw new NotFoundError('device', deviceId);
    return device;
  }
}
