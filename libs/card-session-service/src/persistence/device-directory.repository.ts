/**
 * card-session's own read copy of device state and signing keys, built from device-registry's
 * events, so that no request on the hot path calls the registry. State and key are versioned
 * separately by the time of the event that set them: events of one device arrive on several topics,
 * and an older event never overwrites a newer one.
 */
export interface KnownDevice {
  deviceId: string;
  /** Who runs the device: a checkup institution, or an insurer running checkups itself (its オンライン資格確認用コード). */
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId?: string;
  state?: 'active' | 'suspended' | 'retired';
  stateAsOf?: string;
  signingKey?: string;
  keyAsOf?: string;
}

/** A device's new state; where it belongs comes with its activation. */
export interface DeviceStateChange {
  state: NonNullable<KnownDevice['state']>;
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId?: string;
}

export interface DeviceDirectory {
  setState(deviceId: string, change: DeviceStateChange, asOf: string): Promise<void>;
  setKey(deviceId: string, signingKey: string, asOf: string): Promise<void>;
  /**
   * A number every state or key write raises once it is stored (never lowered): a reader that
   * finds it unchanged knows no device's state or key changed since it last looked. The slot is
   */
  changeStamp(): Promise<number>;
  get(deviceId: string): Promise<KnownDevice | null>;
}
