import { DomainError } from '@hcv/domain-errors';

export type DeviceState = 'requested' | 'active' | 'suspended' | 'retired';
export type DeviceKind = 'pc' | 'smartphone' | 'tablet';

export interface DeviceTransition {
  to: DeviceState;
  by: string;
  at: string;
  reason?: string;
}

/** A registered terminal (端末認証): a PC, smartphone or tablet with a card reader, at one site. */
export interface DeviceCredential {
  credentialId: string;
  /** SHA-256 of the secret shown once at issuance; the secret itself is never stored. */
  signingKey: string;
  issuedAt: string;
}

export interface Device {
  deviceId: string;
  institutionNumber: string;
  siteId: string;
  kind: DeviceKind;
  state: DeviceState;
  history: DeviceTransition[];
  credential?: DeviceCredential;
  /** Heartbeats: last time the device was heard from, whether it counts as online, a bus's stop. */
  lastSeenAt?: string;
  online?: boolean;
  currentStopId?: string;
}

export function requestDevice(input: Omit<Device, 'state' | 'history'> & { requestedBy: string; at: Date }): Device {
  const { requestedBy, at, ...rest } = input;
  return { ...rest, state: 'requested', history: [{ to: 'requested', by: requestedBy, at: at.toISOString() }] };
}

const ALLOWED: Record<DeviceState, DeviceState[]> = {
  requested: ['active', 'retired'],
  active: ['suspended', 'retired'],
  suspended: ['active', 'retired'],
  retired: [],
};

/** Lifecycle requested → active → suspended → retired, with who did it and why. */
export function transition(device: Device, to: DeviceState, by: string, at: Date, reason?: string): Device {
  if (!ALLOWED[device.state].includes(to)) {
    throw new DomainError(
      'device-transition-not-allowed',
      `Device ${device.deviceId} is ${device.state}; it cannot become ${to}.`,
      409,
    );
  }
  return {
    ...device,
    state: to,
    history: [...device.history, { to, by, at: at.toISOString(), ...(reason ? { reason } : {}) }],
  };
}
