import { decideDevice } from '../domain/device.decide';
import { newCredential, type IssuedCredential } from '../adapters/credential-issuer';
import type { DeviceStore } from '../persistence/device.store';

/** A new credential; the previous one stops working as soon as services learn of this one. */
export class RotateCredentialHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
  ) {}

  async execute(deviceId: string, correlationId: string): Promise<IssuedCredential> {
    const issued = newCredential(this.clock());
    await this.devices.update(deviceId, (d) => decideDevice({ kind: 'rotate-credential', credential: issued.stored }, d), {
      context: { correlationId },
    });
    return issued.shown;
  }
}
