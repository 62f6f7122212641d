import type { TourReadinessResponse } from '@hcv/contracts';
import type { Caller } from '@hcv/platform-access';
import { assertTourAccess } from '../domain/tour-access';
import { assertBus, emptyTourReport, readinessView, tourKey } from '../domain/tour-readiness.decide';
import type { DeviceRepository } from '../persistence/device.repository';
import type { SiteRepository } from '../persistence/site.repository';
import type { TourReadinessRepository } from '../persistence/tour-readiness.repository';

/** The bus's readiness report for a tour day: every device's latest checks, whether it is ready and marked. */
export class GetTourReadinessHandler {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly reports: TourReadinessRepository,
  ) {}

  async execute(busId: string, tourDate: string, caller: Caller): Promise<TourReadinessResponse> {
    assertTourAccess(caller, busId, 'device' in caller ? await this.devices.get(caller.device.deviceId) : null);
    assertBus(await this.sites.get(busId), busId);
    const [report, devices] = await Promise.all([this.reports.get(tourKey(busId, tourDate)), this.devices.list({ siteId: busId })]);
    return readinessView(report ?? emptyTourReport(busId, tourDate), devices);
  }
}
