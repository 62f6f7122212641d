import { DomainError } from '@hcv/domain';
import { assertSiteAccess, type Caller } from '@hcv/platform-access';
import type { Device } from './device.decide';

/**
 * Who may read or act on a bus's tour: a device registered at that bus (`device`: the registry's record
 * of the signed caller), or staff who may see the bus's site (a site manager: their own sites only).
 */
export function assertTourAccess(caller: Caller, busId: string, device: Device | null): void {
  if ('staff' in caller) return assertSiteAccess(caller.staff, busId);
  if (!device || device.siteId !== busId)
    throw new DomainError('device-not-of-bus', `Device ${caller.device.deviceId} is not registered at bus ${busId}.`, 403);
}

/** How a report names who marked the tour ready: the device id, or `staff:<subject>`. */
export const callerName = (caller: Caller) => ('staff' in caller ? `staff:${caller.staff.sub}` : caller.device.deviceId);
