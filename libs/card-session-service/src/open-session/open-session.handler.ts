import { randomUUID } from 'node:crypto';
import { SessionOpenedV1, type OpenSessionRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';
import { currentTraceparent, type EventPublisher } from '@hcv/messaging';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import { parsePurpose, type Session } from '../sessions/session';
import type { SessionRepository } from '../sessions/session.repository';

/** A registered, active device opens a session for one visitor. */
export class OpenSessionHandler {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async execute(command: OpenSessionRequest, correlationId: string | undefined): Promise<Session> {
    const purpose = parsePurpose(command.purpose);
    const device = await this.devices.get(command.deviceId);
    if (!device) {
      throw new DomainError('device-not-registered', `Device ${command.deviceId} is not a registered, activated device.`, 403, 'deviceId');
    }
    if (device.state !== 'active') {
      throw new DomainError('device-not-active', `Device ${command.deviceId} is ${device.state}; it may not open sessions.`, 403, 'deviceId');
    }
    const now = this.clock();
    const sessionId = randomUUID();
    const session: Session = {
      sessionId,
      deviceId: device.deviceId,
      institutionNumber: device.institutionNumber,
      siteId: device.siteId,
      purpose,
      checkupDate: command.checkupDate ?? now.toISOString().slice(0, 10),
      state: 'opened',
      correlationId: correlationId ?? sessionId,
      traceparent: currentTraceparent(),
      openedAt: now.toISOString(),
      pinFailures: 0,
      version: 0,
    };
    await this.sessions.insert(session);
    await this.publisher.publish(
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
    return session;
  }
}
