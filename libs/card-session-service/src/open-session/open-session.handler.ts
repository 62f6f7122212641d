import { randomUUID } from 'node:crypto';
import { SessionOpenedV1, type OpenSessionRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';
import { currentTraceparent } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import { parsePurpose, type Session } from '../sessions/session';
import type { RecentSessions } from '../sessions/recent-sessions';
import type { SessionRepository } from '../sessions/session.repository';

/** A registered, active device opens a session for one visitor (one active session per device). */
export class OpenSessionHandler {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    private readonly recent: RecentSessions,
  ) {}

  async execute(
    command: OpenSessionRequest,
    correlationId: string | undefined,
    options: { sessionId?: string; capturedAt?: string; idempotencyKey?: string } = {},
  ): Promise<Session> {
    const purpose = parsePurpose(command.purpose);
    // Served from the directory's short-lived cache (the signature check has just read the same entry).
    const device = await this.devices.get(command.deviceId);
    if (!device?.state || !device.institutionNumber || !device.siteId) {
      throw new DomainError('device-not-registered', `Device ${command.deviceId} is not a registered, activated device.`, 403, 'deviceId');
    }
    if (device.state !== 'active') {
      throw new DomainError(`device-${device.state}`, `Device ${command.deviceId} is ${device.state}; it may not open sessions.`, 403, 'deviceId');
    }
    const now = this.clock();
    const sessionId = options.sessionId ?? randomUUID();
    // Captured bus sessions happened in the past, one after another: they do not hold the live slot.
    if (!options.capturedAt && !(await this.devices.acquireSession(device.deviceId, sessionId))) {
      throw new DomainError(
        'device-has-active-session',
        `Device ${command.deviceId} already has an active session (${await this.devices.activeSessionOf(device.deviceId)}); finish or cancel it first.`,
        409,
      );
    }
    const session: Session = {
      sessionId,
      deviceId: device.deviceId,
      institutionNumber: device.institutionNumber,
      siteId: device.siteId,
      purpose,
      checkupDate: command.checkupDate ?? (options.capturedAt ?? now.toISOString()).slice(0, 10),
      state: 'opened',
      correlationId: correlationId ?? sessionId,
      traceparent: currentTraceparent(),
      openedAt: options.capturedAt ?? now.toISOString(),
      lastActivityAt: now.toISOString(),
      pinFailures: 0,
      version: 0,
      ...(options.capturedAt ? { capturedAt: options.capturedAt } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    };
    const opened = this.outbox.stage(
      SessionOpenedV1,
      {
        sessionId,
        deviceId: session.deviceId,
        institutionNumber: session.institutionNumber,
        siteId: session.siteId,
        purpose,
        checkupDate: session.checkupDate,
        openedAt: session.openedAt,
      },
      { subject: sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
    );
    try {
      await this.sessions.insert(session, [opened]);
    } catch (error) {
      if (!options.capturedAt) await this.devices.releaseSession(device.deviceId, sessionId);
      throw error;
    }
    this.recent.remember(session);
    await this.outbox.dispatch(this.sessions.outbox, sessionId, [opened]);
    return session;
  }
}
