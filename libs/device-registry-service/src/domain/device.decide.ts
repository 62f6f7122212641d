import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCardReaderChangedV1,
  DeviceCredentialIssuedV2,
  DeviceRegisteredV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  draft,
  unchanged,
  type Decision,
  type RegisterDeviceRequest,
} from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { assertOperatorActive, describeOperator, operatorOf, sameOperator, type FoundOperator, type OperatorRef } from './operator';
import type { Site } from './site.decide';

export type DeviceState = 'requested' | 'active' | 'suspended' | 'retired';
export type DeviceKind = 'pc' | 'smartphone' | 'tablet';

export interface DeviceTransition {
  to: DeviceState;
  by: string;
  at: string;
  reason?: string;
}

/** The platform device authentication credential (our request signing; not the national 端末認証). */
export interface DeviceCredential {
  credentialId: string;
  /** SHA-256 of the secret shown once at issuance; the secret itself is never stored. */
  signingKey: string;
  issuedAt: string;
}

/** A credential as issued: besides what is stored, its signing key sealed for the services that verify devices. */
export interface IssuedDeviceCredential extends DeviceCredential {
  /** The signing key under the device-key ring (libs/platform/access device-key-seal.ts); announced, never stored. */
  sealedSigningKey: string;
}

/** The event announcing a credential: the signing key only sealed. */
function credentialIssued(deviceId: string, issued: IssuedDeviceCredential) {
  const { credentialId, sealedSigningKey, issuedAt } = issued;
  return draft(DeviceCredentialIssuedV2, { deviceId, credentialId, sealedSigningKey, issuedAt });
}

const stored = ({ credentialId, signingKey, issuedAt }: IssuedDeviceCredential): DeviceCredential => ({
  credentialId,
  signingKey,
  issuedAt,
});

/** The card reader attached to a device, as printed on it. */
export interface CardReader {
  model: string;
  serial: string;
}

/**
 * A registered device: a PC, smartphone or tablet with a card reader, at one site of its operator.
 * `portalRegistrationReference` is the national portal's reference for its registration (端末認証 in
 * national terms: マイナ資格確認アプリ 利用開始申請).
 */
export interface Device extends OperatorRef {
  deviceId: string;
  siteId: string;
  kind: DeviceKind;
  cardReader?: CardReader;
  portalRegistrationReference?: string;
  state: DeviceState;
  history: DeviceTransition[];
  credential?: DeviceCredential;
  /** Heartbeats: last time the device was heard from, whether it counts as online, a bus's stop. */
  lastSeenAt?: string;
  online?: boolean;
  currentStopId?: string;
}

export function requestDevice(input: Omit<Device, 'state' | 'history'> & { requestedBy: string; at: Date }): Device {
  const { requestedBy, at, institutionNumber, onlineEligibilityCode, cardReader, portalRegistrationReference, ...rest } = input;
  return {
    ...rest,
    ...operatorOf({ institutionNumber, onlineEligibilityCode }),
    ...(cardReader ? { cardReader: { model: cardReader.model, serial: cardReader.serial } } : {}),
    ...(portalRegistrationReference ? { portalRegistrationReference } : {}),
    state: 'requested',
    history: [{ to: 'requested', by: requestedBy, at: at.toISOString() }],
  };
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

/** Registration: only under an active institution (or an insurer whose code counts), at one of its sites. */
export function registerDevice(
  command: RegisterDeviceRequest,
  where: { operator: FoundOperator; site: Site | null },
  at: Date,
): Decision<Device> {
  assertOperatorActive(command, where.operator, at, 'not-active');
  if (!where.site || !sameOperator(where.site, operatorOf(command))) {
    throw new DomainError('site-not-registered', `Site ${command.siteId} is not a site of ${describeOperator(command)}.`, 422, 'siteId');
  }
  const device = requestDevice({ ...command, at });
  const { deviceId, siteId, kind, requestedBy } = command;
  const { cardReader, portalRegistrationReference } = device;
  return {
    state: device,
    events: [
      draft(DeviceRegisteredV2, {
        deviceId,
        ...operatorOf(device),
        siteId,
        kind,
        requestedBy,
        ...(cardReader ? { cardReader } : {}),
        ...(portalRegistrationReference ? { portalRegistrationReference } : {}),
      }),
    ],
  };
}

/** What an operator does to a registered device; `at` is when, `by` who. */
export type DeviceCommand =
  /** `credential`: the one to issue if the device has none yet (a re-activation keeps its own). */
  | { kind: 'activate'; by: string; at: Date; credential: IssuedDeviceCredential }
  | { kind: 'suspend'; by: string; reason: string; at: Date }
  | { kind: 'retire'; by: string; reason: string; at: Date }
  | { kind: 'rotate-credential'; credential: IssuedDeviceCredential }
  /** The institution's code was withdrawn (廃止届): an active device is suspended, a requested one retired. */
  | { kind: 'withdraw-with-institution'; by: string; reason: string; at: Date }
  /** The card reader was swapped (or reported for the first time); the same reader again changes nothing. */
  | { kind: 'change-card-reader'; cardReader: CardReader; by: string; reason?: string; at: Date };

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
        ...(issued ? { credential: stored(issued) } : {}),
        lastSeenAt: at,
        online: true,
      };
      return {
        state,
        events: [...(issued ? [credentialIssued(deviceId, issued)] : []), activatedEvent(device, at, command.by)],
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
        state: { ...device, credential: stored(command.credential) },
        events: [credentialIssued(deviceId, command.credential)],
      };
    case 'change-card-reader': {
      if (device.state === 'retired')
        throw new DomainError('device-already-retired', `Device ${deviceId} is retired; its card reader can no longer change.`, 409);
      const { model, serial } = command.cardReader;
      const previous = device.cardReader;
      if (previous?.model === model && previous.serial === serial) return unchanged(device);
      const { by, reason, at } = command;
      return {
        state: { ...device, cardReader: { model, serial } },
        events: [
          draft(DeviceCardReaderChangedV1, {
            deviceId,
            cardReader: { model, serial },
            ...(previous ? { previous } : {}),
            at: at.toISOString(),
            by,
            ...(reason ? { reason } : {}),
          }),
        ],
      };
    }
    case 'withdraw-with-institution': {
      if (device.state !== 'active' && device.state !== 'requested') return unchanged(device);
      const { by, reason, at } = command;
      const state = transition(device, device.state === 'active' ? 'suspended' : 'retired', by, at, reason);
      return { state, events: [draft(DeviceSuspendedV1, { deviceId, at: at.toISOString(), by, reason })] };
    }
  }
}

/**
 * device.activated: v1 for a checkup institution's device (by its institution number); v2 for an
 * insurer's device, which is identified by the insurer's code and never by an institution number.
 */
function activatedEvent(device: Device, activatedAt: string, activatedBy: string) {
  const { deviceId, siteId, kind } = device;
  if (device.onlineEligibilityCode !== undefined) {
    return draft(DeviceActivatedV2, {
      deviceId,
      onlineEligibilityCode: device.onlineEligibilityCode,
      siteId,
      kind,
      activatedAt,
      activatedBy,
    });
  }
  return draft(DeviceActivatedV1, { deviceId, institutionNumber: device.institutionNumber!, siteId, kind, activatedAt, activatedBy });
}
