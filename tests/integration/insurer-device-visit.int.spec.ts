import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  QualificationResolvedV4,
  SessionOpenedV3,
  VerificationOutcomeV4,
  type EventEnvelope,
  type ReportedEligibility,
} from '@hcv/contracts';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { withInsurerCheckDigit } from '@hcv/domain';
import { PlatformClient } from '@hcv/federation-driver';
import { InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { aPresentedVoucher, asStaff, startInProcessService, testStaffTokens, waitFor, type InProcessService } from '@hcv/testing';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';

/**
 * An insurer running checkups itself (保険者の直営, 導入届 with the code 支払基金 assigned) verifies its own
 * members on its own 限定型 device, over the real broker and database: card-session opens the session
 * naming the insurer's code (never as an institution number), qualification-lookup answers from the
 * device's report, voucher-matching decides for the insurer's own members (another insurer's voucher is
 * not-contracted) and the device reads the outcome.
 */
jest.setTimeout(240_000);

describe('a visit on an insurer’s own device (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const logger = createLogger({ service: 'test', level: 'error' });
  const insurerNumber = withInsurerCheckDigit(`0613${String(Date.now()).slice(-3)}`);
  const insurerCode = `K${run}`;
  const deviceId = `hall-${run}-pc`;
  const services: InProcessService[] = [];
  const seen: EventEnvelope[] = [];
  let bus: KafkaMessageBus;
  let client: PlatformClient;

  const reported = (insurer: string): ReportedEligibility => ({
    validity: 'valid',
    insurerNumber: insurer,
    insurerName: '直営健保',
    symbol: '1234',
    number: '0012345',
    branch: '00',
    name: '佐藤　太郎',
    nameKana: 'サトウ　タロウ',
    birthDate: '1970-05-01',
    sex: 'male',
    relationship: 'insured',
    acquiredOn: '2010-04-01',
    confirmedAt: new Date().toISOString(),
  });
  const voucherNumber = () => `26${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

  async function visit(voucherInsurer: string) {
    const opened = await client.openSession({ deviceId, purpose: 'specific-checkup' });
    await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: true, reported: reported(voucherInsurer) });
    await client.presentVoucher(opened.sessionId, {
      ...aPresentedVoucher({ insurerNumber: voucherInsurer, voucherNumber: voucherNumber() }),
      coordinator: undefined,
    });
    return client.waitForOutcome(opened.sessionId, 60_000);
  }

  beforeAll(async () => {
    const start = (
      service: Parameters<typeof startInProcessService>[0]['service'],
      module: Parameters<typeof startInProcessService>[0]['module'],
    ) =>
      startInProcessService({ service, module, database: `int_insurer_${service.replace('-', '_')}_${run}` }).then(
        (s) => (services.push(s), s),
      );
    const registry = await start('device-registry', (r) => DeviceRegistryModule.register(r));
    const cardSession = await start('card-session', (r) => CardSessionModule.register(r));
    await start('qualification-lookup', (r) =>
      QualificationLookupModule.register(r, { sources: { defaultSource: 'device-reported', byInstitution: {} } }),
    );
    const vouchers = await start('voucher-matching', (r) => VoucherMatchingModule.register(r, { piiKey: 'k'.repeat(40) }));
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: `spy-${run}`,
      logger,
      contracts: ALL_EVENT_CONTRACTS,
      // Its stop waits for the fetch in hand: 0.5 s rather than the default 5 s the broker may hold it.
      fetch: { maxWaitTimeInMs: 500 },
    });
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: `spy-${run}` }, [
        on(SessionOpenedV3, async (e) => void seen.push(e)),
        on(QualificationResolvedV4, async (e) => void seen.push(e)),
        on(VerificationOutcomeV4, async (e) => void seen.push(e)),
      ])
      .start();
    client = new PlatformClient(
      { deviceRegistry: registry.url, cardSession: cardSession.url, voucherMatching: vouchers.url, audit: 'http://127.0.0.1:9' },
      { staffTokens: testStaffTokens() },
    );
    const send = async (path: string, body: unknown) => {
      const response = await fetch(`${registry.url}${path}`, {
        method: 'POST',
        headers: { ...asStaff('operator'), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    };
    await send('/insurer-notices/introduction', {
      insurerNumber,
      insurerName: '直営健保',
      onlineEligibilityCode: insurerCode,
      facilities: [{ name: '健保会館健診室' }],
      contact: { name: '健保 花子', phone: '06-1234-5678' },
      plannedStartDate: '2026-04-01',
      filedBy: 'int-test',
    });
    await send('/sites', { kind: 'facility', siteId: `hall-${run}`, onlineEligibilityCode: insurerCode, name: '健保会館' });
    await send('/devices', { deviceId, onlineEligibilityCode: insurerCode, siteId: `hall-${run}`, kind: 'pc', requestedBy: 'int-test' });
    await client.activateDevice(deviceId, 'int-test');
    // card-session learns the device (and its key) from the registry's events.
    await waitFor(
      async () => (await client.deviceRequest(deviceId, 'GET', `${cardSession.url}/sessions/${randomUUID()}`, '')).status === 404,
      60_000,
      'card-session to accept the insurer’s device',
    );
  });

  afterAll(async () => {
    await bus?.stop();
    for (const s of services.reverse()) await s.stop();
  });

  it('completes a visit of the insurer’s own member, the events naming the insurer’s code and never as 機関番号', async () => {
    const session = await visit(insurerNumber);
    expect(session.state).toBe('completed');
    expect(session.outcome).toMatchObject({ kind: 'matched', verifiedOnline: true });
    await waitFor(() => seen.filter((e) => e.subject === session.sessionId).length === 3, 30_000, 'the v3/v4 session events');
    for (const e of seen.filter((x) => x.subject === session.sessionId)) {
      const data = e.data as { onlineEligibilityCode?: string; institutionNumber?: string; request?: Record<string, unknown> };
      const operator = data.request ?? data;
      expect(operator).toMatchObject({ onlineEligibilityCode: insurerCode });
      expect(operator).not.toHaveProperty('institutionNumber');
    }
  });

  it('refuses another insurer’s voucher as not contracted (an insurer serves its own members only)', async () => {
    const other = withInsurerCheckDigit(`0627${String(Date.now()).slice(-3)}`);
    const session = await visit(other);
    expect(session.outcome?.kind).toBe('not-contracted');
  });
});
