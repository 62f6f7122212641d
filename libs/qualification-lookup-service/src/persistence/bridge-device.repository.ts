/**
 * qualification-lookup's own read copy of the devices that may act as an on-site bridge: every
 * device of device-registry, with its institution, state and signing key, built from the registry's
 * events so that a bridge's call never asks the registry. State and key are versioned separately by
 * the time of the event that set them (events of one device arrive on several topics, in any order).
 */
export interface BridgeDevice {
  deviceId: string;
  institutionNumber?: string;
  state?: 'active' | 'suspended' | 'retired';
  stateAsOf?: string;
  signingKey?: string;
  keyAsOf?: string;
}

export interface BridgeDeviceDirectory {
  /** A newer state wins; the institution comes with the activation and never changes. */
  setState(
    deviceId: string,
    change: { state: NonNullable<BridgeDevice['state']>; institutionNumber?: string },
    asOf: string,
  ): Promise<void>;
  setKey(deviceId: string, signingKey: string, asOf: string): Promise<void>;
  get(deviceId: string): Promise<BridgeDevice | null>;
}
