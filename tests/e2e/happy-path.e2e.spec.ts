import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { withInsurerCheckDigit } from '@hcv/domain';
import { generatePopulation } from '@hcv/eligibility-simulator';
import {
  driveVerification,
  planFederation,
  PlatformClient,
  PlatformHttpError,
  seedFederation,
  settleByPhone,
  waitForDevices,
  type VisitPlan,
} from '@hcv/federation-driver';
import { signingKeyFromSecret } from '@hcv/platform-access';
import { findOnTopics } from './support/topic-scan';
import {
  CARD_VERIFICATION_TRAIL,
  startPlatformProcesses,
  temporaryFolder,
  testStaffTokens,
  waitFor,
  type ServiceProcess,
} from '@hcv/testing';

/**
 * The walking skeleton end to end: five services as separate processes over the real Kafka broker
 * and MongoDB-wire server; a device drives one verification through HTTP; the outcome and the
 * audit trail (every event, one correlation id, one trace) are checked, and no personal data
 * reached a log or a span.
 */
const SEED = 4242;

/** The driver's client, remembering every device secret it was shown (the topic scan looks for them). */
class RecordingClient extends PlatformClient {
  readonly secrets: string[] = [];
  override useDeviceSecret(deviceId: string, secret: string): void {
    this.secrets.push(secret);
    super.useDeviceSecret(deviceId, secret);
  }
}
const EXPECTED_TYPES = [...CARD_VERIFICATION_TRAIL];

jest.setTimeout(240_000);

describe('happy path across five processes', () => {
  const workDir = temporaryFolder('e2e');
  const runId = randomUUID().slice(0, 8);
  let processes: ServiceProcess[] = [];
  let client: RecordingClient;
  let serviceUrl: (service: ServiceProcess['service']) => string;
  let deviceId = '';
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: SEED, population: 300, facilities: 1, buses: 1, devicesPerSite: 1, visits: 300, checkupDate });
  const people = generatePopulation({ seed: SEED, size: 300 });
  const personOf = (cardReference: string) => people.find((p) => p.cardReference === cardReference);
  const eligible = (ref: string) => {
    const p = personOf(ref);
    return !!p && !p.duplicated && !p.qualification.lostOn;
  };

  beforeAll(async () => {
    const platform = await startPlatformProcesses({
      workDir,
      databasePrefix: `e2e_${runId}`,
      env: { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: '300', AUDIT_PII_KEY: 'e2e-test-key' },
    });
    processes = platform.processes;
    const url = platform.url;
    serviceUrl = url;
    client = new RecordingClient(
      {
        deviceRegistry: url('device-registry'),
        cardSession: url('card-session'),
        voucherMatching: url('voucher-matching'),
        audit: url('audit'),
      },
      { staffTokens: testStaffTokens() },
    );
    await seedFederation(client, plan);
    // Every device known to card-session (activation and credential consumed) before the first visit.
    await waitForDevices(
      client,
      plan.sites.flatMap((s) => s.devices),
      { checkupDate },
    );
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  it('verifies one visitor and keeps the whole story in the audit trail', async () => {
    const visit = plan.visits.find((v) => v.scenario === 'regular' && eligible(v.cardReference))!;
    expect(visit).toBeDefined();
    deviceId = visit.deviceId;

    // 本人確認 is not a purpose this system may serve: refused with its own reason.
    await expect(client.openSession({ deviceId: visit.deviceId, purpose: 'identity-verification' })).rejects.toMatchObject({
      status: 422,
      body: { error: { code: 'identity-verification-not-permitted' } },
    });
    // The device's activation travels registry → Kafka → card-session's own read copy.
    let probeId = '';
    await waitFor(
      async () => {
        try {
          const probe = await client.openSession({ deviceId: visit.deviceId, purpose: 'specific-checkup' });
          probeId = probe.sessionId;
          return probe.state === 'opened';
        } catch (error) {
          // 401 device-unknown until the credential arrives, 403 until the activation does.
          if (error instanceof PlatformHttpError && (error.status === 401 || error.status === 403)) return false;
          throw error;
        }
      },
      60_000,
      'card-session to learn the activated device',
    );

    // The probe opened a session and holds the device's one slot. Nobody took a step on it, so the
    // device's next open supersedes it (cancelled) instead of answering device-has-active-session.
    const result = await driveVerification(client, visit, { checkupDate, timeoutMillis: 60_000 });
    console.log(`happy path: device request → outcome read back in ${result.millis.toFixed(0)} ms`);
    expect(result.session.state).toBe('completed');
    expect(result.session.outcome?.kind).toBe('matched');
    expect((await client.getSession(probeId)).state).toBe('cancelled');

    const sessionId = result.session.sessionId;
    let events: Awaited<ReturnType<PlatformClient['auditTrail']>>['events'] = [];
    await waitFor(
      async () => {
        events = (await client.auditTrail(sessionId)).events;
        return EXPECTED_TYPES.every((t) => events.some((e) => e.type === t));
      },
      60_000,
      'the audit trail to hold every event of the session',
    );
    expect(events.map((e) => e.type)).toEqual(EXPECTED_TYPES);
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([result.session.correlationId]));
    const traceIds = new Set(events.map((e) => e.traceId));
    expect(traceIds.size).toBe(1);
    const [traceId] = [...traceIds];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['card-session', 'qualification-lookup', 'voucher-matching']));

    // Every service that touched the session exported spans of that one trace.
    await waitFor(
      () =>
        ['card-session', 'qualification-lookup', 'voucher-matching', 'audit'].every((s) => {
          const file = join(workDir, `${s}.spans.jsonl`);
          return existsSync(file) && readFileSync(file, 'utf8').includes(traceId!);
        }),
      15_000,
      'spans of the trace in every service',
    );

    // Personal data of the visitor never reached a log line or a span.
    const person = people.find((p) => p.cardReference === visit.cardReference)!.qualification;
    const secrets = [person.number, person.name, person.nameKana, person.birthDate, visit.cardReference];
    for (const p of processes) {
      for (const file of [p.logFile, p.spansFile]) {
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        for (const secret of secrets) expect({ file, leaked: text.includes(secret) }).toEqual({ file, leaked: false });
      }
    }
  });

  it('reaches every outcome kind, each for its precise reason', async () => {
    const regular = plan.visits.filter((v) => v.scenario === 'regular' && eligible(v.cardReference));
    const lost = plan.visits.find(
      (v) => v.scenario === 'regular' && (personOf(v.cardReference)?.qualification.lostOn ?? '9999') <= checkupDate,
    )!;
    const several = plan.visits.find((v) => v.scenario === 'regular' && personOf(v.cardReference)?.duplicated)!;
    const byScenario = (s: string) => plan.visits.find((v) => v.scenario === s && (s === 'unknown-card' || eligible(v.cardReference)))!;
    // A voucher that becomes valid tomorrow, for a visitor whose own voucher is used elsewhere below.
    const notYet = regular[5]!;
    const tomorrow = new Date(Date.parse(checkupDate) + 86_400_000).toISOString().slice(0, 10);
    const source = plan.vouchers.find((v) => v.voucherNumber === notYet.voucher.voucherNumber)!;
    await client.importVouchers({
      vouchers: [{ ...source, voucherNumber: '99000000001', validFrom: tomorrow, validUntil: `${Number(tomorrow.slice(0, 4)) + 1}-03-31` }],
    });
    // A voucher of an insurer outside every contract of the federation.
    const outsiderInsurer = withInsurerCheckDigit('0699999');
    const outsider = plan.vouchers.find((v) => v.voucherNumber === regular[4]!.voucher.voucherNumber)!;
    await client.importVouchers({ vouchers: [{ ...outsider, voucherNumber: '99000000002', insurerNumber: outsiderInsurer }] });
    // The same voucher again at ANOTHER institution (a same-day return to the first one is allowed).
    const siteOf = (deviceId: string) => plan.sites.find((s) => s.devices.includes(deviceId))!;
    const elsewhere = plan.sites.find((s) => s.institutionNumber !== siteOf(regular[1]!.deviceId).institutionNumber)!.devices[0]!;
    const presenting = (visit: VisitPlan, voucher: Partial<VisitPlan['voucher']>): VisitPlan => ({
      ...visit,
      voucher: { ...visit.voucher, ...voucher },
    });

    const cases: Array<[string, VisitPlan]> = [
      ['matched', regular[1]!],
      [
        'voucher-already-used',
        {
          ...regular[2]!,
          deviceId: elsewhere,
          voucher: regular[1]!.voucher,
          cardReference: regular[1]!.cardReference,
          reported: regular[1]!.reported,
        },
      ],
      ['voucher-expired', byScenario('expired-voucher')],
      ['insurer-mismatch', byScenario('insurer-mismatch')],
      ['member-mismatch', byScenario('birth-date-mismatch')],
      ['no-qualification', byScenario('unknown-card')],
      ['eligibility-lost', lost],
      ['needs-manual-check', several],
      ['voucher-not-yet-valid', presenting(notYet, { voucherNumber: '99000000001' })],
      ['not-contracted', presenting(regular[4]!, { voucherNumber: '99000000002', insurerNumber: outsiderInsurer })],
    ];
    const seen: string[] = [];
    for (const [expected, visit] of cases) {
      expect({ expected, visit: visit !== undefined }).toEqual({ expected, visit: true });
      const { session } = await driveVerification(client, visit, { checkupDate, timeoutMillis: 60_000 });
      seen.push(session.outcome!.kind);
      expect({ expected, got: session.outcome?.kind, reason: session.outcome?.reason }).toMatchObject({ expected, got: expected });
    }
    expect(new Set(seen).size).toBe(10);
  });

  it('takes an alternative method (資格確認書) after three PIN failures and still matches the voucher', async () => {
    const visit = plan.visits.filter((v) => v.scenario === 'regular' && eligible(v.cardReference))[8]!;
    const q = personOf(visit.cardReference)!.qualification;
    const opened = await client.openSession({ deviceId: visit.deviceId, purpose: visit.purpose, checkupDate });
    for (let i = 0; i < 3; i++) {
      await client.submitCardRead(opened.sessionId, { identityCheck: 'pin', pinVerified: false, cardReference: visit.cardReference });
    }
    expect((await client.getSession(opened.sessionId)).state).toBe('card-locked');
    await client.presentVoucher(opened.sessionId, visit.voucher);
    await client.recordAlternative(opened.sessionId, {
      method: 'eligibility-certificate',
      eligibility: {
        insurerNumber: q.insurerNumber,
        symbol: q.symbol,
        number: q.number,
        branch: q.branch,
        name: q.name,
        birthDate: q.birthDate,
        validUntil: `${Number(checkupDate.slice(0, 4)) + 1}-07-31`,
      },
    });
    const done = await client.waitForOutcome(opened.sessionId, 60_000);
    // matched, and the desk reads that no insurer answered online
    expect(done).toMatchObject({
      state: 'completed',
      method: 'eligibility-certificate',
      outcome: { kind: 'matched', verifiedOnline: false, source: 'transcribed' },
    });
    expect(done.outcome!.reasonJa).toContain('オンライン資格確認ではありません');
    let trail: Awaited<ReturnType<PlatformClient['auditTrail']>>['events'] = [];
    // Audit reads each topic on its own: the transcription may be recorded after the completion.
    await waitFor(
      async () => {
        const types = (trail = (await client.auditTrail(opened.sessionId)).events).map((e) => e.type);
        return types.includes('session.completed') && types.includes('qualification.transcribed');
      },
      30_000,
      'the trail',
    );
    expect(trail.map((e) => e.type)).toContain('qualification.transcribed');
    expect(trail.map((e) => e.type)).not.toContain('eligibility.requested'); // no online lookup
    // The FHIR view does not answer a transcription as if the insurer had: not complete, never in force.
    let answer: Record<string, unknown> = {};
    await waitFor(
      async () => (answer = await client.fhirCoverageEligibility(opened.sessionId)).outcome !== 'queued',
      30_000,
      'the FHIR view of the outcome',
    );
    expect(answer.outcome).toBe('partial');
    expect(JSON.stringify(answer.insurance ?? [])).not.toContain('"inforce":true');
    expect(answer.disposition).toEqual(expect.stringContaining('オンライン資格確認ではありません'));
  });

  it('keys vouchers by insurer and number, matches a paper-only voucher with its 窓口負担, refuses a 利用券 for a checkup, and settles a member mismatch', async () => {
    const checkups = plan.visits.filter((v) => v.scenario === 'regular' && eligible(v.cardReference) && v.purpose === 'specific-checkup');
    const insurerOf = (v: VisitPlan) => personOf(v.cardReference)!.qualification.insurerNumber;
    // Two insurers number their vouchers themselves: the same number under two insurers is two vouchers.
    const first = checkups[10]!;
    const second = checkups.slice(11).find((v) => insurerOf(v) !== insurerOf(first))!;
    expect(second).toBeDefined();
    const shared = '99000000010';
    const recordOf = (v: VisitPlan) => plan.vouchers.find((r) => r.voucherNumber === v.voucher.voucherNumber)!;
    await client.importVouchers({
      vouchers: [
        { ...recordOf(first), voucherNumber: shared },
        { ...recordOf(second), voucherNumber: shared },
      ],
    });
    for (const visit of [first, second]) {
      const { session } = await driveVerification(
        client,
        { ...visit, voucher: { ...visit.voucher, voucherNumber: shared } },
        { checkupDate, timeoutMillis: 60_000 },
      );
      expect({ insurer: visit.voucher.insurerNumber, kind: session.outcome?.kind }).toEqual({
        insurer: visit.voucher.insurerNumber,
        kind: 'matched',
      });
    }
    expect(await client.getVoucher(insurerOf(first), shared)).toMatchObject({
      key: { insurerNumber: insurerOf(first), voucherNumber: shared },
    });
    expect(await client.getVoucher(insurerOf(second), shared)).toMatchObject({
      key: { insurerNumber: insurerOf(second), voucherNumber: shared },
    });

    // A voucher no insurer file brought (集合契約: the visitor brings the paper) matches from its printed
    // fields, and the device's session view says what the desk collects, part by part.
    const paper = plan.visits.find((v) => v.scenario === 'paper-only' && eligible(v.cardReference) && v.purpose === 'specific-checkup')!;
    expect(paper).toBeDefined();
    const paid = (await driveVerification(client, paper, { checkupDate, timeoutMillis: 60_000 })).session;
    expect(paid.outcome).toMatchObject({ kind: 'matched', verifiedOnline: true, source: 'online' });
    expect(paid.outcome!.collect!.lines.map((l) => l.part).sort()).toEqual(Object.keys(paper.voucher.copayments).sort());
    const basic = paper.voucher.copayments.basic!;
    const basicLine = paid.outcome!.collect!.lines.find((l) => l.part === 'basic')!;
    expect(basicLine.copayment).toEqual(basic);
    if (basic.kind === 'fixed') expect(basicLine.yen).toBe(basic.amount);
    if (basic.kind === 'none') expect(basicLine.yen).toBe(0);

    // A 利用券 (guidance voucher) for a 特定健診: the wrong 券種, its own outcome.
    const wrongKind = checkups[20]!;
    const refused = await driveVerification(
      client,
      {
        ...wrongKind,
        voucher: {
          ...wrongKind.voucher,
          voucherNumber: '99000000020',
          voucherKind: 'guidance',
          guidanceLevel: 'motivational',
          copayments: { guidance: { kind: 'none' } },
        },
      },
      { checkupDate, timeoutMillis: 60_000 },
    );
    expect(refused.session.outcome?.kind).toBe('voucher-kind-mismatch');

    // A member mismatch the insurer confirms by phone: staff settle it, the device sees it settled.
    const mismatch = plan.visits.filter((v) => v.scenario === 'birth-date-mismatch' && eligible(v.cardReference))[1]!;
    const undecided = await driveVerification(client, mismatch, { checkupDate, timeoutMillis: 60_000 });
    expect(undecided.session.outcome?.kind).toBe('member-mismatch');
    const settled = await settleByPhone(client, undecided.session.sessionId, { insurerContact: 'insurer desk', reference: 'e2e-call-1' });
    expect(settled.outcome).toMatchObject({ kind: 'matched-after-settlement', settlement: { kind: 'insurer-confirmed' } });
    // a decision already settled (or never settleable) is refused, typed
    await expect(client.settleDecision(undecided.session.sessionId, { kind: 'same-person', reason: '異体字 髙/高' })).rejects.toMatchObject(
      { status: 409 },
    );
    await expect(client.settleDecision(paid.sessionId, { kind: 'same-person', reason: 'matched already' })).rejects.toMatchObject({
      status: 409,
    });
  });

  it('refuses malformed requests with a typed 400 naming the field', async () => {
    const cardSession = processes.find((p) => p.service === 'card-session')!.url;
    const bad = await fetch(`${cardSession}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"deviceId":',
    });
    expect(bad.status).toBe(400);
    const unsigned = await fetch(`${cardSession}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('device-auth-missing');
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad-request');
    const invalid = await client.deviceRequest(
      deviceId,
      'POST',
      `${cardSession}/sessions`,
      JSON.stringify({ deviceId: { $gt: '' }, purpose: 'specific-checkup' }),
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid-request', field: 'deviceId' } });
  });

  it('serves Prometheus metrics of the visits above at /metrics, with route templates and no personal datum', async () => {
    const metrics = async (service: ServiceProcess['service']) => {
      const response = await fetch(`${serviceUrl(service)}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return response.text();
    };
    /** The value of the first series of `name` whose labels include all of `labels`. */
    const value = (text: string, name: string, labels: Record<string, string>) => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const decided = await metrics('voucher-matching');
    // The first visit (PIN, online) and the 資格確認書 one (transcribed) among them.
    expect(
      value(decided, 'hcv_verifications_total', { outcome: 'matched', method: 'mynumber-card', source: 'online' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      value(decided, 'hcv_verifications_total', { outcome: 'matched', method: 'eligibility-certificate', source: 'transcribed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(decided, 'hcv_verifications_total', { outcome: 'voucher-expired' })).toBeGreaterThanOrEqual(1);

    const sessions = await metrics('card-session');
    const outcomes = { topic: 'verification.outcome.v3', group: 'card-session.outcomes' };
    expect(value(sessions, 'hcv_message_end_to_end_latency_seconds_count', outcomes)).toBeGreaterThanOrEqual(12);
    expect(value(sessions, 'hcv_message_hop_latency_seconds_count', outcomes)).toBeGreaterThanOrEqual(12);
    expect(value(sessions, 'hcv_http_requests_total', { method: 'GET', route: '/sessions/:sessionId', status: '200' })).toBeGreaterThan(0);
    expect(sessions).toMatch(/^hcv_outbox_sent_total\{service="card-session"\} [1-9]/m);

    // The visits above came with the device's report (限定型): one more with the card reference
    // only, so qualification-lookup asks its upstream (the simulator here) and times the call.
    const asked = plan.visits.filter((v) => v.scenario === 'regular' && eligible(v.cardReference))[12]!;
    await driveVerification(client, asked, { checkupDate, timeoutMillis: 60_000, answer: 'card-reference' });
    const lookups = await metrics('qualification-lookup');
    expect(value(lookups, 'hcv_national_system_request_duration_seconds_count', { upstream: 'simulator', result: 'ok' })).toBeGreaterThan(
      0,
    );
    expect(value(lookups, 'hcv_national_system_circuit_state', { upstream: 'simulator' })).toBe(0);
    // Each service reports its own consumer groups' lag, read from the broker.
    expect(value(lookups, 'hcv_consumer_lag_messages', { group: 'qualification-lookup.resolve' })).toBeGreaterThanOrEqual(0);

    // The size of each service's exposition after this run (series = sample lines).
    const series: Record<string, number> = {};
    for (const p of processes) series[p.service] = (await metrics(p.service)).split('\n').filter((l) => l && !l.startsWith('#')).length;
    console.log(`/metrics series per service after the run: ${JSON.stringify(series)}`);

    // Ids and personal values stay out of every label: no session id, no card reference, no name.
    const person = personOf(plan.visits.find((v) => v.scenario === 'regular' && eligible(v.cardReference))!.cardReference)!;
    for (const text of [decided, sessions, lookups]) {
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      for (const secret of [person.cardReference, person.qualification.name, person.qualification.number])
        expect(text).not.toContain(secret);
    }
  });

  it('carries no device key material on any topic: a rotated key reaches card-session sealed, and no secret or signing key is in clear', async () => {
    const device = plan.sites[0]!.devices[0]!;
    const response = await fetch(`${processes.find((p) => p.service === 'device-registry')!.url}/devices/${device}/credential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${testStaffTokens().operator}` },
      body: JSON.stringify({ rotatedBy: 'e2e-operator' }),
    });
    expect(response.status).toBe(200);
    const { issuedCredential } = (await response.json()) as { issuedCredential: { secret: string } };
    client.useDeviceSecret(device, issuedCredential.secret);
    // card-session opened the sealed key of device.credential-issued v2: the new key signs.
    await waitForDevices(client, [device], { checkupDate });

    const secrets = client.secrets;
    expect(secrets.length).toBeGreaterThan(plan.sites.flatMap((s) => s.devices).length);
    const scan = await findOnTopics(process.env.KAFKA_BROKERS!.split(','), [...secrets, ...secrets.map((s) => signingKeyFromSecret(s))]);
    expect(scan.messages).toBeGreaterThan(0);
    expect(scan.found).toEqual([]);
  });
});
