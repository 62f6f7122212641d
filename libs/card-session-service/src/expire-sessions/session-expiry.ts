import { SessionExpiredV1 } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import { expireIfIdle, WAITING_FOR_DEVICE } from '../sessions/session';
import type { RecentSessions } from '../sessions/recent-sessions';
import type { SessionRepository } from '../sessions/session.repository';

/** Expires abandoned sessions (nothing from the device for `timeoutMillis`) and frees their device. */
export class SessionExpiry {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    private readonly timeoutMillis: number,
    private readonly recent: RecentSessions,
  ) {}

  async sweep(): Promise<string[]> {
    const now = this.clock();
    const expired: string[] = [];
    const idle = await this.sessions.findIdle(WAITING_FOR_DEVICE, new Date(now.getTime() - this.timeoutMillis).toISOString(), 500);
    for (const session of idle) {
      const next = expireIfIdle(session, now, this.timeoutMillis);
      if (!next) continue;
      const idleSeconds = Math.round((now.getTime() - Date.parse(session.lastActivityAt ?? session.openedAt)) / 1000);
      const expiredEvent = this.outbox.stage(
        SessionExpiredV1,
        { sessionId: session.sessionId, lastState: session.state, idleSeconds, at: now.toISOString() },
        { subject: session.sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
      );
      if (!(await this.sessions.save(next, [expiredEvent]))) continue; // changed meanwhile: it is not idle
      this.recent.forget(session.sessionId);
      if (session.capturedAt === undefined) await this.devices.releaseSession(session.deviceId, session.sessionId);
      await this.outbox.dispatch(this.sessions.outbox, session.sessionId, [expiredEvent]);
      expired.push(session.sessionId);
    }
    return expired;
  }

}
