import { randomUUID } from 'node:crypto';
import type { OpenSessionRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { currentTraceparent } from '@hcv/messaging';
import type { DeviceDirectory } from '../persistence/device-directory.repository';
import { FINISHED, holdsDeviceSlot, openSession, operatorOf, parsePurpose, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** A registered, active device opens a session for one visitor (one active session per device). */
export class OpenSessionHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly devices: DeviceDirectory,
    private readonly clock: () => Date,
  ) {}

  async execute(
    command: OpenSessionRequest,
    correlationId: string | undefined,
    options: { sessionId?: string; capturedAt?: string; idempotencyKey?: string } = {},
  ): Promise<Session> {
    const purpose = parsePurpose(command.purpose);
    // Served from the directory's short-lived cache (the signature check has just read the same entry).
    const device = await this.devices.get(command.deviceId);
    if (!device?.state || !device.siteId) {
      throw new DomainError('device-not-registered', `Device ${command.deviceId} is not a registered, activated device.`, 403, 'deviceId');
    }
    if (!device.institutionNumber && !device.onlineEligibilityCode) {
      throw new DomainError(
        'device-without-institution',
        `Device ${command.deviceId} names neither an institution nor an insurer running checkups itself; it may not open sessions.`,
        403,
        'deviceId',
      );
    }
    if (device.state !== 'active') {
      throw new DomainError(
        `device-${device.state}`,
        `Device ${command.deviceId} is ${device.state}; it may not open sessions.`,
        403,
        'deviceId',
      );
    }
    const operator = operatorOf(device);
    if (command.linkedSessionId) await this.requireCapturedVisit(command.linkedSessionId, operator);
    const sessionId = options.sessionId ?? randomUUID();
    const { state: session, events } = openSession({
      sessionId,
      device: { deviceId: device.deviceId, siteId: device.siteId, ...operator },
      purpose,
      checkupDate: command.checkupDate,
      stopId: command.stopId,
      linkedSessionId: command.linkedSessionId,
      withoutVoucher: command.withoutVoucher,
      correlationId: correlationId ?? sessionId,
      traceparent: currentTraceparent(),
      at: this.clock(),
      capturedAt: options.capturedAt,
      idempotencyKey: options.idempotencyKey,
    });
    if (holdsDeviceSlot(session) && !(await this.acquireSlot(device.deviceId, sessionId))) {
      throw new DomainError(
        'device-has-active-session',
        `Device ${command.deviceId} already has an active session (${await this.devices.activeSessionOf(device.deviceId)}); finish or cancel it first.`,
        409,
      );
    }
    try {
      await this.sessions.create({ state: session, events });
    } catch (error) {
      if (holdsDeviceSlot(session)) await this.devices.releaseSession(device.deviceId, sessionId);
      throw error;
    }
    return session;
  }

  /** The earlier visit an online check confirms: a session a bus crew captured offline, by the same operator. */
  private async requireCapturedVisit(
    linkedSessionId: string,
    operator: { institutionNumber?: string; onlineEligibilityCode?: string },
  ): Promise<void> {
    const linked = await this.sessions.get(linkedSessionId);
    if (
      !linked ||
      linked.institutionNumber !== operator.institutionNumber ||
      linked.onlineEligibilityCode !== operator.onlineEligibilityCode
    ) {
      throw new DomainError(
        'linked-session-not-found',
        `No captured visit ${linkedSessionId} at this institution.`,
        422,
        'linkedSessionId',
      );
    }
    if (linked.capturedAt === undefined) {
      throw new DomainError(
        'linked-session-not-captured',
        `Session ${linkedSessionId} was not captured offline; only a captured visit is confirmed by a later online check.`,
        422,
        'linkedSessionId',
      );
    }
  }

  /**
   * Takes the device's slot. A slot still held by a session that has already finished is taken
   * over: the finished session frees it right after its write, and a device that reads the outcome
   * in between and opens its next visit must not be refused for it.
   */
  private async acquireSlot(deviceId: string, sessionId: string): Promise<boolean> {
    if (await this.devices.acquireSession(deviceId, sessionId)) return true;
    const holder = await this.devices.activeSessionOf(deviceId);
    if (!holder) return this.devices.acquireSession(deviceId, sessionId);
    // Only a stored, finished holder is taken over: one not stored yet is another open in progress.
    const held = await this.sessions.get(holder);
    if (!held || !FINISHED.includes(held.state)) return false;
    await this.devices.releaseSession(deviceId, holder);
    return this.devices.acquireSession(deviceId, sessionId);
  }
}
