import { createHash } from 'node:crypto';

/** The session id a captured session gets: derived from device + idempotency key, so a resend finds it. */
export function capturedSessionId(deviceId: string, idempotencyKey: string): string {
  return nameBasedSessionId(`${deviceId}\u0000${idempotencyKey}`);
}

/** The session id a live open with an idempotency key gets (its own name space: never a captured session's id). */
export function openedSessionId(deviceId: string, idempotencyKey: string): string {
  return nameBasedSessionId(`open\u0000${deviceId}\u0000${idempotencyKey}`);
}

function nameBasedSessionId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  // Shaped as an RFC 4122 name-based UUID (version 5 bits, variant 10xx).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
