import type { TourReadinessResponse } from '@hcv/contracts';
import type { Caller } from '@hcv/platform-access';
import { assertTourAccess, callerName } from '../domain/tour-access';
import { assertBus, markTourReady, readinessView } from '../domain/tour-readiness.decide';
import type { DeviceRepository } from '../persistence/device.repository';
import type { SiteRepository } from '../persistence/site.repository';
import { updateTourReport, type TourReadinessStore } from '../persistence/tour-readiness.store';

/**
 * A device of the bus or staff marks the tour day ready: refused with tour-not-ready (naming each red
 * check) unless every device of the bus is green; publishes tour.marked-ready the first time.
 */
export class MarkTourReadyHandler {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly reports: TourReadinessStore,
    private readonly clock: () => Date,
  ) {}

  async execute(busId: string, tourDate: string, caller: Caller): Promise<TourReadinessResponse> {
    assertTourAccess(caller, busId, 'device' in caller ? await this.devices.get(caller.device.deviceId) : null);
    assertBus(await this.sites.get(busId), busId);
    const devices = await this.devices.list({ siteId: busId });
    const at = this.clock();
    const marked = await updateTourReport(this.reports, busId, tourDate, (r) => markTourReady(r, devices, callerName(caller), at));
    return readinessView(marked, devices);
  }
}
