import type { ReadinessCheckRequest, ReadinessCheckResponse } from '@hcv/contracts';
import { assertTourAccess } from '../domain/tour-access';
import { assertBus, decideReadinessChecks, recordReadinessCheck, stopsOfDay } from '../domain/tour-readiness.decide';
import type { DeviceRepository } from '../persistence/device.repository';
import type { SiteRepository } from '../persistence/site.repository';
import { updateTourReport, type TourReadinessStore } from '../persistence/tour-readiness.store';

/**
 * A device of a bus runs its pre-tour readiness check for a tour day: the registry decides each check
 * (its own clock and tolerance, the device's record, the day's itinerary), stores the result in the
 * bus's report for the day and publishes tour.readiness-checked.
 */
export class CheckTourReadinessHandler {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly reports: TourReadinessStore,
    private readonly clock: () => Date,
    private readonly clockToleranceMillis: number,
  ) {}

  async execute(busId: string, tourDate: string, deviceId: string, report: ReadinessCheckRequest): Promise<ReadinessCheckResponse> {
    const device = await this.devices.get(deviceId);
    assertTourAccess({ device: { deviceId, state: device?.state ?? 'requested' } }, busId, device);
    const bus = assertBus(await this.sites.get(busId), busId);
    const checkedAt = this.clock();
    const checks = decideReadinessChecks({
      busId,
      tourDate,
      device: device!,
      stops: stopsOfDay(bus, tourDate),
      report,
      checkedAt,
      clockToleranceMillis: this.clockToleranceMillis,
    });
    const result = { deviceId, checkedAt: checkedAt.toISOString(), checks };
    const busDevices = await this.devices.list({ siteId: busId });
    await updateTourReport(this.reports, busId, tourDate, (r) => recordReadinessCheck(r, result, busDevices));
    return result;
  }
}
