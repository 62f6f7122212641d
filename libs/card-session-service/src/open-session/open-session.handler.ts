import { randomUUID } from 'node:crypto';
import type { Decision, OpenSessionRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { currentTraceparent } from '@hcv/messaging';
import { withoutPendingNonce } from '@hcv/platform-access';
import type { DeviceDirectory, KnownDevice } from '../persistence/device-directory.repository';
import {
  decideSession,
  FINISHED,
  openSession,
  operatorOf,
  parsePurpose,
  slotVerdict,
  SUPERSEDED_BY_NEW_OPEN,
  type Session,
} from '../domain/session.decide';
import { openedSessionId } from '../domain/session-id';
import type { SessionStore } from '../persistence/session-store';
import { DeviceSlotTakenError, SessionExistsError } from '../persistence/session.repository';

/** Stores of one open at most: a holder superseded or finished meanwhile frees the slot for the next. */
const MAX_OPEN_ATTEMPTS = 3;

/**
 * A registered, active device opens a session for one visitor (one active session per device).
 * With an idempotency key the open can be sent again: the session id derives from device and key,
 * so a retry whose first attempt was stored (its answer lost, or a 503) returns that session. The
 * slot is taken by the session's own insert, so an open that stored nothing holds nothing.
 */
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
    const { device, operator } = await this.openingDevice(command.deviceId);
    if (command.linkedSessionId) await this.requireCapturedVisit(command.linkedSessionId, operator);
    const retriable = options.sessionId === undefined && command.idempotencyKey !== undefined;
    const sessionId =
      options.sessionId ?? (command.idempotencyKey ? openedSessionId(device.deviceId, command.idempotencyKey) : randomUUID());
    if (retriable) {
      const opened = await this.sessions.get(sessionId);
      if (opened) return opened;
    }
    const { state: session, events } = this.openDecision(device, operator, purpose, command, correlationId, { ...options, sessionId });
    try {
      await this.store(device.deviceId, { state: session, events });
    } catch (error) {
      // Two copies of the same retried open raced: the other one stored it.
      if (retriable && error instanceof SessionExistsError) return (await this.sessions.get(sessionId))!;
      throw error;
    }
    return session;
  }

  /**
   * The opening of a visit a device captured offline, decided but not stored: the caller applies the
   * capture's other steps to it and stores the session once. A captured session never holds the
   * device's slot (the bus may have captured several).
   */
  async decideCaptured(
    command: Pick<OpenSessionRequest, 'deviceId' | 'purpose' | 'checkupDate' | 'stopId' | 'withoutVoucher'>,
    correlationId: string | undefined,
    options: { sessionId: string; capturedAt: string; idempotencyKey: string },
  ): Promise<Decision<Session>> {
    const purpose = parsePurpose(command.purpose);
    const { device, operator } = await this.openingDevice(command.deviceId);
    return this.openDecision(device, operator, purpose, command, correlationId, options);
  }

  /** The device, if it may open sessions (registered, activated, naming its operator, active). */
  private async openingDevice(
    deviceId: string,
  ): Promise<{ device: KnownDevice & { siteId: string }; operator: ReturnType<typeof operatorOf> }> {
    // Served from the directory's cache (the signature check has just read the same entry).
    const device = await this.devices.get(deviceId);
    if (!device?.state || !device.siteId) {
      throw new DomainError('device-not-registered', `Device ${deviceId} is not a registered, activated device.`, 403, 'deviceId');
    }
    if (!device.institutionNumber && !device.onlineEligibilityCode) {
      throw new DomainError(
        'device-without-institution',
        `Device ${deviceId} names neither an institution nor an insurer running checkups itself; it may not open sessions.`,
        403,
        'deviceId',
      );
    }
    if (device.state !== 'active') {
      throw new DomainError(`device-${device.state}`, `Device ${deviceId} is ${device.state}; it may not open sessions.`, 403, 'deviceId');
    }
    return { device: device as KnownDevice & { siteId: string }, operator: operatorOf(device) };
  }

  private openDecision(
    device: KnownDevice & { siteId: string },
    operator: ReturnType<typeof operatorOf>,
    purpose: ReturnType<typeof parsePurpose>,
    command: Pick<OpenSessionRequest, 'checkupDate' | 'stopId' | 'linkedSessionId' | 'withoutVoucher'>,
    correlationId: string | undefined,
    options: { sessionId: string; capturedAt?: string; idempotencyKey?: string },
  ): Decision<Session> {
    return openSession({
      sessionId: options.sessionId,
      device: { deviceId: device.deviceId, siteId: device.siteId, ...operator },
      purpose,
      checkupDate: command.checkupDate,
      stopId: command.stopId,
      linkedSessionId: command.linkedSessionId,
      withoutVoucher: command.withoutVoucher,
      correlationId: correlationId ?? options.sessionId,
      traceparent: currentTraceparent(),
      at: this.clock(),
      capturedAt: options.capturedAt,
      idempotencyKey: options.idempotencyKey,
    });
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
   * Stores the session, which takes its device's slot with the same write (the slot is the session
   * document's). When another session holds it, `slotVerdict` decides: an untouched one is
   * cancelled first (its device never got it or left it), which frees the slot as any cancel does;
   * one under way refuses the open. A holder that finished meanwhile has freed it: stored again.
   */
  private async store(deviceId: string, decision: Decision<Session>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sessions.create(decision);
        return;
      } catch (error) {
        if (!(error instanceof DeviceSlotTakenError)) throw error;
      }
      const holder = await this.sessions.slotHolder(deviceId);
      if (attempt < MAX_OPEN_ATTEMPTS && (!holder || (await this.supersede(deviceId, holder)))) continue;
      throw new DomainError(
        'device-has-active-session',
        `Device ${deviceId} already has an active session (${holder?.sessionId ?? 'opened meanwhile'}); finish or cancel it first.`,
        409,
      );
    }
  }

  /** Cancels the device's untouched session for the new open; false when it is a visit under way. */
  private async supersede(deviceId: string, holder: Session): Promise<boolean> {
    if (slotVerdict(holder) === 'refuse') return false;
    const at = this.clock();
    // Decided again on the stored session: one that took a step meanwhile is a visit under way. The
    // open's nonce is recorded by the open's own insert, never by the holder's write.
    const after = await withoutPendingNonce(() =>
      this.sessions.update(holder.sessionId, (s) =>
        slotVerdict(s) === 'supersede'
          ? decideSession({ kind: 'cancel', deviceId, by: `device ${deviceId}`.slice(0, 64), reason: SUPERSEDED_BY_NEW_OPEN, at }, s)
          : { state: s, events: [] },
      ),
    );
    return FINISHED.includes(after.state);
  }
}
