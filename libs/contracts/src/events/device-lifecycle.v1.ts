import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

const Change = z.object({
  deviceId: Identifier,
  at: z.iso.datetime({ offset: true }),
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300),
});

/** The device may not be used until re-activated (also: all devices of a withdrawn insurer). Key: device id. */
export const DeviceSuspendedV1 = defineEvent({ type: 'device.suspended', version: 1, data: Change });
/** The device is gone for good. Key: device id. */
export const DeviceRetiredV1 = defineEvent({ type: 'device.retired', version: 1, data: Change });

/**
 * A device credential was issued (activation) or rotated. Carries the HMAC signing key (derived from
 * the secret shown once to the operator: SHA-256 of it) so device-facing services can verify
 * requests without calling the registry. Sensitive: never logged, and audit keeps only a pseudonym.
 */
export const DeviceCredentialIssuedV1 = defineEvent({
  type: 'device.credential-issued',
  version: 1,
  data: z.object({
    deviceId: Identifier,
    credentialId: z.string().min(8).max(64),
    signingKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    issuedAt: z.iso.datetime({ offset: true }),
  }),
});

/** A device was silent past the heartbeat threshold. Key: device id. */
export const DeviceOfflineV1 = defineEvent({
  type: 'device.offline',
  version: 1,
  data: z.object({
    deviceId: Identifier,
    siteId: Identifier,
    lastSeenAt: z.iso.datetime({ offset: true }),
    detectedAt: z.iso.datetime({ offset: true }),
    thresholdSeconds: z.number().int().positive(),
  }),
});

/** An offline device sent a heartbeat again (a bus reports the stop it is at). Key: device id. */
export const DeviceOnlineV1 = defineEvent({
  type: 'device.online',
  version: 1,
  data: z.object({
    deviceId: Identifier,
    siteId: Identifier,
    stopId: Identifier.optional(),
    at: z.iso.datetime({ offset: true }),
  }),
});
