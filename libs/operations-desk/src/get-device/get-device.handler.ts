import { Identifier, type StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import type { OperationsRepository } from '../persistence/operations.repository';
import type { DeskIndex } from '../refresh-desk/desk-index';

/** One device: its status, its site's line and unresolved alerts, and its own feed (an indexed read). */
export class GetDeviceHandler {
  constructor(
    private readonly index: Pick<DeskIndex, 'current'>,
    private readonly ops: Pick<OperationsRepository, 'feed' | 'device'>,
  ) {}

  async handle(raw: string, staff: StaffClaims) {
    const deviceId = parseRequest(Identifier, raw);
    const snapshot = await this.index.current();
    // a device registered since the last refresh is still found
    const device = snapshot.devices.get(deviceId) ?? (await this.ops.device(deviceId));
    if (!device) throw new NotFoundError('device', deviceId);
    assertSiteAccess(staff, device.siteId);
    const site = snapshot.byId.get(device.siteId);
    return {
      at: snapshot.at,
      device,
      ...(site ? { site } : {}),
      alerts: snapshot.alertsBySite.get(device.siteId) ?? [],
      feed: await this.ops.feed(30, undefined, deviceId),
    };
  }
}
