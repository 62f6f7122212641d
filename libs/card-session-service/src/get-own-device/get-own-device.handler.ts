import type { DeviceSelfResponse } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { DeviceDirectory } from '../persistence/device-directory.repository';
import type { SiteDirectory } from '../persistence/site-directory.repository';

/** Today's date in Japan (UTC+9, no daylight saving): a bus's day is a Japanese day. */
export const japanDate = (at: Date) => new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * What the reception app shows about the device it runs on, from card-session's own copies of the
 * registry (no call to it): state, institution, site (its name and kind) and, on a bus, today's
 * stops in order of their hours.
 */
export class GetOwnDeviceHandler {
  constructor(
    private readonly devices: DeviceDirectory,
    private readonly sites: SiteDirectory,
    private readonly clock: () => Date,
  ) {}

  async execute(deviceId: string): Promise<DeviceSelfResponse> {
    const device = await this.devices.get(deviceId);
    if (!device?.state || !device.siteId)
      throw new DomainError('device-not-registered', `Device ${deviceId} is not a registered, activated device.`, 403);
    const site = await this.sites.get(device.siteId);
    const tourDate = japanDate(this.clock());
    const bus = site?.kind === 'bus';
    return {
      deviceId,
      state: device.state,
      siteId: device.siteId,
      ...(site?.name ? { siteName: site.name } : {}),
      kind: bus ? 'bus' : 'site',
      ...(bus ? { busId: device.siteId } : {}),
      ...(device.institutionNumber ? { institutionNumber: device.institutionNumber } : {}),
      today: {
        tourDate,
        stops: (site?.itinerary ?? [])
          .filter((s) => s.date === tourDate)
          .sort((a, b) => a.from.localeCompare(b.from))
          .map(({ stopId, name, from, to }) => ({ stopId, name, from, to })),
      },
    };
  }
}
