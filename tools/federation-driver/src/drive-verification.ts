import { PlatformHttpError, type PlatformClient, type SessionView } from './platform-client';
import { FEDERATION_COORDINATOR, FEDERATION_UNIT_PRICES, type FederationPlan, type VisitPlan } from './federation-plan';

export interface VerificationResult {
  visit: VisitPlan;
  session: SessionView;
  /** From the device's first request to reading the outcome back. */
  millis: number;
}

/**
 * How the device answers the card read: by default (資格確認限定型) with what its national app showed
 * (`reported`, the device-reported source); `card-reference` for a platform whose institutions are
 * answered by the simulator (the load driver's runs).
 */
export type CardReadAnswer = 'reported' | 'card-reference';

const answerOf = (visit: Pick<VisitPlan, 'reported' | 'cardReference'>, answer: CardReadAnswer) =>
  answer === 'reported' ? { reported: visit.reported } : { cardReference: visit.cardReference };

/** One visitor at one device: open, read the card (PIN verified, or 目視確認 by a named staff member), show the voucher, wait for the outcome. */
export async function driveVerification(
  client: PlatformClient,
  visit: VisitPlan,
  options: { checkupDate: string; timeoutMillis?: number; answer?: CardReadAnswer },
): Promise<VerificationResult> {
  const started = performance.now();
  const opened = await client.openSession({ deviceId: visit.deviceId, purpose: visit.purpose, checkupDate: options.checkupDate });
  await client.submitCardRead(opened.sessionId, {
    identityCheck: visit.identityCheck,
    ...(visit.identityCheck === 'pin' ? { pinVerified: true } : {}),
    // A 目視確認 names the staff member who did it.
    ...(visit.identityCheck === 'visual' ? { checkedBy: 'desk-staff' } : {}),
    ...answerOf(visit, options.answer ?? 'reported'),
  });
  await client.presentVoucher(opened.sessionId, visit.voucher);
  const session = await client.waitForOutcome(opened.sessionId, options.timeoutMillis);
  return { visit, session, millis: performance.now() - started };
}

/**
 * 人間ドック confirmed against the insurer only (most contract ドック have no 受診券): opened without a
 * voucher, the card read (PIN), identity verified by presenting the My Number card (a separate step,
 * with the staff member), and the outcome — insurer-confirmed, "not an identity check".
 */
export async function driveInsurerOnlyDock(
  client: PlatformClient,
  visit: Pick<VisitPlan, 'deviceId' | 'reported' | 'cardReference'>,
  options: { checkupDate: string; checkedBy: string; timeoutMillis?: number; answer?: CardReadAnswer },
): Promise<{ session: SessionView; identityVerified: SessionView; millis: number }> {
  const started = performance.now();
  const opened = await client.openSession({
    deviceId: visit.deviceId,
    purpose: 'comprehensive-checkup',
    checkupDate: options.checkupDate,
    withoutVoucher: true,
  });
  await client.submitCardRead(opened.sessionId, {
    identityCheck: 'pin',
    pinVerified: true,
    ...answerOf(visit, options.answer ?? 'reported'),
  });
  const identityVerified = await client.verifyIdentity(opened.sessionId, { checkedBy: options.checkedBy });
  const session = await client.waitForOutcome(opened.sessionId, options.timeoutMillis);
  return { session, identityVerified, millis: performance.now() - started };
}

/**
 * Three wrong PINs lock the card; a 目視確認 (the face photo compared by the staff member named) still
 * confirms the holder, and the visit goes on with the voucher. Returns the view after each step.
 */
export async function drivePinLockThenVisual(
  client: PlatformClient,
  visit: VisitPlan,
  options: { checkupDate: string; checkedBy: string; timeoutMillis?: number; answer?: CardReadAnswer },
): Promise<{ locked: SessionView; read: SessionView; session: SessionView; millis: number }> {
  const started = performance.now();
  const opened = await client.openSession({ deviceId: visit.deviceId, purpose: visit.purpose, checkupDate: options.checkupDate });
  let locked: SessionView = opened;
  for (let attempt = 0; attempt < 3; attempt++)
    locked = await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: false });
  const read = await client.submitCardRead(opened.sessionId, {
    identityCheck: 'visual',
    checkedBy: options.checkedBy,
    ...answerOf(visit, options.answer ?? 'reported'),
  });
  await client.presentVoucher(opened.sessionId, visit.voucher);
  const session = await client.waitForOutcome(opened.sessionId, options.timeoutMillis);
  return { locked, read, session, millis: performance.now() - started };
}

/** Outcomes staff may settle (needs-manual-check, member-mismatch); any other is final. */
export const SETTLEABLE = new Set(['needs-manual-check', 'member-mismatch']);

/**
 * What the desk does with a settleable outcome: phones the insurer, which confirms the visitor, and
 * records it (POST /decisions/:sessionId/settlement as the operator); then waits until the device's
 * session view shows the match after settlement.
 */
export async function settleByPhone(
  client: PlatformClient,
  sessionId: string,
  options: { insurerContact: string; reference?: string; timeoutMillis?: number },
): Promise<SessionView> {
  await client.settleDecision(sessionId, {
    kind: 'insurer-confirmed',
    insurerContact: options.insurerContact,
    ...(options.reference ? { reference: options.reference } : {}),
  });
  return client.waitForOutcomeKind(sessionId, 'matched-after-settlement', options.timeoutMillis);
}

/**
 * Registers the institutions and sites, registers and activates every device, imports the vouchers
 * the insurers sent, and puts the collective contract (its 契約取りまとめ機関 and unit prices) over
 * every insurer of the vouchers and of the visits (a paper-only voucher's insurer too).
 */
export async function seedFederation(
  client: PlatformClient,
  plan: Pick<FederationPlan, 'sites' | 'vouchers'> & { visits?: readonly Pick<VisitPlan, 'voucher'>[] },
): Promise<void> {
  for (const institutionNumber of new Set(plan.sites.map((s) => s.institutionNumber))) {
    await client.registerInstitution({
      institutionNumber,
      name: `Checkup institution ${institutionNumber}`,
      registeredBy: 'federation-seed',
    });
  }
  for (const site of plan.sites) {
    await client.registerSite(
      site.kind === 'bus'
        ? {
            kind: 'bus',
            siteId: site.siteId,
            institutionNumber: site.institutionNumber,
            name: site.name ?? `Checkup bus ${site.siteId}`,
            plate: `品川 800 さ ${site.siteId.slice(-2)}-00`,
            itinerary: site.itinerary ?? [],
          }
        : {
            kind: 'facility',
            siteId: site.siteId,
            institutionNumber: site.institutionNumber,
            name: site.name ?? `Checkup centre ${site.siteId}`,
          },
    );
  }
  for (const site of plan.sites) {
    for (const deviceId of site.devices) {
      await client.registerDevice({
        deviceId,
        institutionNumber: site.institutionNumber,
        siteId: site.siteId,
        kind: 'tablet',
        requestedBy: 'federation-seed',
      });
      await client.activateDevice(deviceId, 'federation-seed');
    }
  }
  // An import is idempotent (a re-import never resets a use) and so is the contract's PUT: a 503
  // (the database away for a moment, the platform asks to come again) is sent again, as an
  // insurer's upload would be.
  for (let i = 0; i < plan.vouchers.length; i += 5_000) {
    await whileUnavailable(() => client.importVouchers({ vouchers: plan.vouchers.slice(i, i + 5_000) }));
  }
  // One collective contract (集合契約 A, coordinated by the organisation its vouchers print) lets every
  // institution of the federation serve every insurer's vouchers, for every purpose and guidance level,
  // for the fiscal year of the vouchers.
  const fiscalYears = plan.vouchers.map((v) => v.fiscalYear);
  await whileUnavailable(() =>
    client.putContract('federation-collective-A', {
      kind: 'collective-A',
      name: 'Federation collective contract A',
      coordinator: FEDERATION_COORDINATOR,
      unitPrices: FEDERATION_UNIT_PRICES,
      insurerNumbers: [
        ...new Set([...plan.vouchers.map((v) => v.insurerNumber), ...(plan.visits ?? []).map((v) => v.voucher.insurerNumber)]),
      ],
      institutionNumbers: [...new Set(plan.sites.map((s) => s.institutionNumber))],
      purposes: ['specific-checkup', 'specific-guidance', 'comprehensive-checkup'],
      validFrom: `${Math.min(...fiscalYears)}-04-01`,
      validUntil: `${Math.max(...fiscalYears) + 1}-03-31`,
    }),
  );
}

/**
 * Sends an idempotent request again while the platform answers 503 temporarily-unavailable, after
 * the `Retry-After` it gives, for at most `timeoutMillis`.
 */
export async function whileUnavailable<T>(send: () => Promise<T>, timeoutMillis = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof PlatformHttpError) || error.status !== 503 || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, (error.retryAfterSeconds ?? 1) * 1_000));
    }
  }
}

/**
 * Waits until card-session has learnt every device (activation and signing key travel over Kafka
 * to its own read copy): opens a probe session on each device, then cancels it.
 */
export async function waitForDevices(
  client: PlatformClient,
  deviceIds: readonly string[],
  options: { timeoutMillis?: number; checkupDate: string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMillis ?? 120_000);
  for (const deviceId of deviceIds) {
    for (;;) {
      try {
        const probe = await client.openSession({ deviceId, purpose: 'specific-checkup', checkupDate: options.checkupDate });
        await client.cancelSession(probe.sessionId, 'federation-seed', 'device readiness probe');
        break;
      } catch (error) {
        // 401/403 until the credential and the activation arrive.
        const waiting = error instanceof PlatformHttpError && (error.status === 401 || error.status === 403);
        if (!waiting || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
