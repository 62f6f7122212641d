import type { TourResponse } from '@hcv/contracts';
import type { Caller } from '@hcv/platform-access';
import { assertTourAccess } from '../domain/tour-access';
import { assertBus, stopsOfDay } from '../domain/tour-readiness.decide';
import type { DeviceRepository } from '../persistence/device.repository';
import type { SiteRepository } from '../persistence/site.repository';

/** A bus's itinerary for one tour day, for a device of the bus or staff who may see it. */
export class GetTourHandler {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async execute(busId: string, tourDate: string, caller: Caller): Promise<TourResponse> {
    assertTourAccess(caller, busId, 'device' in caller ? await this.devices.get(caller.device.deviceId) : null);
    const bus = assertBus(await this.sites.get(busId), busId);
    return { busId, tourDate, stops: stopsOfDay(bus, tourDate) };
  }
}
