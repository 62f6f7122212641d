import {
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceRegisteredV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  draft,
  unchanged,
  type Decision,
  type RegisterDeviceRequest,
} from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Institution } from './institution.decide';
import type { Site } from './site.decide';

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
    throw new DomainError('device-transition-not-allowed', `Device ${device.deviceId} is ${device.state}; it cannot become ${to}.`, 409);
  }
  return {
    ...device,
    state: to,
    history: [...device.history, { to, by, at: at.toISOString(), ...(reason ? { reason } : {}) }],
  };
}

/** Registration: only under an active institution, at one of its sites. */
export function registerDevice(
  command: RegisterDeviceRequest,
  where: { institution: Institution | null; site: Site | null },
  at: Date,
): Decision<Device> {
  if (where.institution?.status !== 'active') {
    throw new DomainError(
      'institution-not-active',
      `Institution ${command.institutionNumber} is not registered or was withdrawn.`,
      422,
      'institutionNumber',
    );
  }
  if (where.site?.institutionNumber !== command.institutionNumber) {
    throw new DomainError(
      'site-not-registered',
      `Site ${command.siteId} is not a site of institution ${command.institutionNumber}.`,
      422,
      'siteId',
    );
  }
  return { state: requestDevice({ ...command, at }), events: [draft(DeviceRegisteredV1, command)] };
}

/** What an operator does to a registered device; `at` is when, `by` who. */
export type DeviceCommand =
  /** `credential`: the one to issue if the device has none yet (a re-activation keeps its own). */
  | { kind: 'activate'; by: string; at: Date; credential: DeviceCredential }
  | { kind: 'suspend'; by: string; reason: string; at: Date }
  | { kind: 'retire'; by: string; reason: string; at: Date }
  | { kind: 'rotate-credential'; credential: DeviceCredential }
  /** The institution's code was withdrawn (廃止届): an active device is suspended, a requested one retired. */
  | { kind: 'withdraw-with-institution'; by: string; reason: string; at: Date };

/**
 * The lifecycle rules of one device: the next state and its events. Activation issues the
 * credential (first time only) with the activated event, so services never learn of an active device
 * without its key, nor of a key for a device that was not stored active.
 */
export function decideDevice(command: DeviceCommand, device: Device): Decision<Device> {
  const { deviceId } = device;
  switch (command.kind) {
    case 'activate': {
      const issued = device.credential ? undefined : command.credential;
      const at = command.at.toISOString();
      // Activation counts as being heard from: the offline clock starts now.
      const state: Device = {
        ...transition(device, 'active', command.by, command.at),
        ...(issued ? { credential: issued } : {}),
        lastSeenAt: at,
        online: true,
      };
      return {
        state,
        events: [
          ...(issued ? [draft(DeviceCredentialIssuedV1, { deviceId, ...issued })] : []),
          draft(DeviceActivatedV1, {
            deviceId,
            institutionNumber: device.institutionNumber,
            siteId: device.siteId,
            kind: device.kind,
            activatedAt: at,
            activatedBy: command.by,
          }),
        ],
      };
    }
    case 'suspend':
    case 'retire': {
      const { by, reason, at } = command;
      const contract = command.kind === 'suspend' ? DeviceSuspendedV1 : DeviceRetiredV1;
      const state = transition(device, command.kind === 'suspend' ? 'suspended' : 'retired', by, at, reason);
      return { state, events: [draft(contract, { deviceId, at: at.toISOString(), by, reason })] };
    }
    case 'rotate-credential':
      if (device.state !== 'active')
        throw new DomainError(
          'credential-needs-active-device',
          `Device ${deviceId} is ${device.state}; only an active device gets a new credential.`,
          409,
        );
      return {
        state: { ...device, credential: command.credential },
        events: [draft(DeviceCredentialIssuedV1, { deviceId, ...command.credential })],
      };
    case 'withdraw-with-institution': {
      if (device.state !== 'active' && device.state !== 'requested') return unchanged(device);
      const { by, reason, at } = command;
      const state = transition(device, device.state === 'active' ? 'suspended' : 'retired', by, at, reason);
      return { state, events: [draft(DeviceSuspendedV1, { deviceId, at: at.toISOString(), by, reason })] };
    }
  }
}
