import type { BridgePendingRequests } from '@hcv/oqs-files';
import { DomainError } from '@hcv/domain';
import type { BridgeDeviceDirectory } from '../persistence/bridge-device.repository';
import type { BridgeRequestRepository } from '../persistence/bridge-request.repository';

/** At most this many questions per fetch (the wire shape's limit). */
export const BRIDGE_PAGE = 100;

/** The institution a signed bridge call acts for: its device's, from the activation. */
export async function institutionOfDevice(devices: BridgeDeviceDirectory, deviceId: string): Promise<string> {
  const device = await devices.get(deviceId);
  if (!device?.institutionNumber)
    throw new DomainError('device-not-registered', `Device ${deviceId} is not a registered, activated device of an institution.`, 403);
  return device.institutionNumber;
}

/**
 * `GET /bridge/requests`: the questions waiting for the calling bridge's terminal — its own
 * institution's only (the signing device decides), pending and before their deadline, oldest first.
 * The answer carries 記号・番号 and birth dates for the terminal; nothing of it is logged.
 */
export class ListBridgeRequestsHandler {
  constructor(
    private readonly devices: BridgeDeviceDirectory,
    private readonly bridge: BridgeRequestRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(deviceId: string): Promise<BridgePendingRequests> {
    const institutionNumber = await institutionOfDevice(this.devices, deviceId);
    const waiting = await this.bridge.waiting(institutionNumber, this.clock().toISOString(), BRIDGE_PAGE);
    return {
      institutionNumber,
      requests: waiting.flatMap((r) => (r.query ? [{ requestId: r.requestId, query: r.query }] : [])),
    };
  }
}
