import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { EligibilitySimulator, generatePopulation } from '@hcv/eligibility-simulator';
import {
  driveVerification,
  planFederation,
  PlatformClient,
  PlatformHttpError,
  seedFederation,
  type FederationPlan,
} from '@hcv/federation-driver';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import { asStaff, fhirR4Problems, startInProcessService, testStaffTokens, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The FHIR R4 view over the real broker and database: the five services'
 * modules in this process on Kafka and MongoDB, a device drives verifications through HTTP, and
 * audit answers each one as a CoverageEligibilityResponse (and a searchset Bundle) that is valid
 * against the official R4 JSON schema and says what the platform decided.
 */
jest.setTimeout(240_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEED = 5150;
const POPULATION = 300;

describe('FHIR view of driven verifications (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const services = new Map<ServiceName, InProcessService>();
  const checkupDate = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const started = new Date(Date.now() - 1000).toISOString();
  let plan: FederationPlan;
  let client: PlatformClient;
  const people = generatePopulation({ seed: SEED, size: POPULATION });
  const sessions: { probe?: string; matched?: string; expired?: string; expiredKind?: string } = {};
  let deviceId = '';
  let siteId = '';

  const modules: [ServiceName, (r: ServiceRuntime) => DynamicModule][] = [
    ['device-registry', (r) => DeviceRegistryModule.register(r)],
    ['card-session', (r) => CardSessionModule.register(r)],
    [
      'qualification-lookup',
      (r) => QualificationLookupModule.register(r, { nationalSystem: new EligibilitySimulator({ seed: SEED, size: POPULATION }) }),
    ],
    ['voucher-matching', (r) => VoucherMatchingModule.register(r)],
    ['audit', (r) => AuditModule.register(r, { piiKey: `fhir-${run}` })],
  ];

  async function fhir(path: string, headers: Record<string, string> = asStaff('auditor')) {
    // A fresh connection each time: schema compilation can idle a kept-alive socket past the server's timeout.
    const response = await fetch(`${services.get('audit')!.url}/fhir/${path}`, { headers: { ...headers, connection: 'close' } });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Json };
  }

  beforeAll(async () => {
    // compile the R4 schema branches up front (seconds on a busy machine)
    for (const resourceType of ['CoverageEligibilityResponse', 'Bundle']) fhirR4Problems({ resourceType });
    for (const [service, module] of modules) {
      services.set(service, await startInProcessService({ service, database: `int_fhir_${run}_${service.replace(/-/g, '_')}`, module }));
    }
    const url = (s: ServiceName) => services.get(s)!.url;
    client = new PlatformClient(
      {
        deviceRegistry: url('device-registry'),
        cardSession: url('card-session'),
        voucherMatching: url('voucher-matching'),
        audit: url('audit'),
      },
      { staffTokens: testStaffTokens() },
    );
    // Site and device ids of this run only: other test files' device events share the topics.
    const base = planFederation({
      seed: SEED,
      population: POPULATION,
      facilities: 1,
      buses: 0,
      devicesPerSite: 1,
      visits: 200,
      checkupDate,
    });
    plan = {
      ...base,
      sites: base.sites.map((s) => ({ ...s, siteId: `${s.siteId}-${run}`, devices: s.devices.map((d) => `${d}-${run}`) })),
      visits: base.visits.map((v) => ({ ...v, deviceId: `${v.deviceId}-${run}` })),
    };
    siteId = plan.sites[0]!.siteId;
    deviceId = plan.sites[0]!.devices[0]!;
    await seedFederation(client, plan);

    // card-session learns the activated device over Kafka; the probe session it opens is then cancelled.
    await waitFor(
      async () => {
        try {
          sessions.probe = (await client.openSession({ deviceId, purpose: 'specific-checkup', checkupDate })).sessionId;
          return true;
        } catch (error) {
          if (error instanceof PlatformHttpError && (error.status === 401 || error.status === 403)) return false;
          throw error;
        }
      },
      90_000,
      'card-session to learn the activated device',
    );
    await client.cancelSession(sessions.probe!, 'desk-7', 'probe session');

    const eligible = (ref: string) => {
      const p = people.find((x) => x.cardReference === ref);
      return !!p && !p.duplicated && !p.qualification.lostOn;
    };
    const regular = plan.visits.find((v) => v.scenario === 'regular' && v.purpose === 'specific-checkup' && eligible(v.cardReference))!;
    const matched = await driveVerification(client, { ...regular, deviceId }, { checkupDate, timeoutMillis: 60_000 });
    expect(matched.session.outcome?.kind).toBe('matched');
    sessions.matched = matched.session.sessionId;
    const expiredVisit = plan.visits.find((v) => v.scenario === 'expired-voucher' && eligible(v.cardReference))!;
    const expired = await driveVerification(client, { ...expiredVisit, deviceId }, { checkupDate, timeoutMillis: 60_000 });
    sessions.expired = expired.session.sessionId;
    sessions.expiredKind = expired.session.outcome?.kind;
    expect(sessions.expiredKind).toBeDefined();
    expect(sessions.expiredKind).not.toBe('matched');

    // audit consumes on its own: wait until both outcomes are told
    await waitFor(
      async () =>
        (await fhir(`CoverageEligibilityResponse/${sessions.matched}`)).body.outcome === 'complete' &&
        (await fhir(`CoverageEligibilityResponse/${sessions.expired}`)).body.outcome === 'error',
      90_000,
      'audit to record both outcomes',
    );
  });

  afterAll(async () => {
    for (const s of [...services.values()].reverse()) await s.stop();
  });

  it('reads a matched verification as a valid CoverageEligibilityResponse answering its request', async () => {
    const { status, type, body } = await fhir(`CoverageEligibilityResponse/${sessions.matched}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/fhir\+json/);
    expect(fhirR4Problems(body)).toEqual([]);
    const voucher = plan.vouchers.find((v) => v.voucherNumber === plan.visits.find((x) => x.scenario === 'regular')!.voucher.voucherNumber);
    expect(voucher).toBeDefined();
    expect(body).toMatchObject({
      resourceType: 'CoverageEligibilityResponse',
      id: sessions.matched,
      status: 'active',
      outcome: 'complete',
      purpose: ['validation'],
      servicedDate: checkupDate,
      request: { reference: '#request', identifier: { value: sessions.matched } },
      insurance: [{ inforce: true }],
    });
    expect(body.error).toBeUndefined();
    const request = body.contained.find((c: Json) => c.resourceType === 'CoverageEligibilityRequest');
    expect(request).toMatchObject({ identifier: [{ value: sessions.matched }], facility: { identifier: { value: siteId } } });
    const insurer = body.contained.find((c: Json) => c.id === 'insurer');
    expect(insurer.identifier[0].value).toMatch(/^\d{6}(\d{2})?$/);
    expect(body.contained.find((c: Json) => c.id === 'institution').identifier[0].value).toBe(plan.sites[0]!.institutionNumber);
  });

  it('reads a refused voucher as an error with our outcome code, and a cancelled probe as cancelled', async () => {
    const expired = (await fhir(`CoverageEligibilityResponse/${sessions.expired}`)).body;
    expect(fhirR4Problems(expired)).toEqual([]);
    expect(expired.error[0].code.coding[0]).toMatchObject({
      system: expect.stringContaining('/CodeSystem/verification-outcome'),
      code: sessions.expiredKind,
    });
    expect(expired.disposition.length).toBeGreaterThan(10);
    await waitFor(
      async () => (await fhir(`CoverageEligibilityResponse/${sessions.probe}`)).body.status === 'cancelled',
      30_000,
      'the cancellation recorded',
    );
    const probe = (await fhir(`CoverageEligibilityResponse/${sessions.probe}`)).body;
    expect(fhirR4Problems(probe)).toEqual([]);
    expect(probe).toMatchObject({ outcome: 'error', error: [{ code: { coding: [{ code: 'session-cancelled' }] } }] });
  });

  it('finds them by site and date as a valid searchset Bundle', async () => {
    const { status, body } = await fhir(
      `CoverageEligibilityResponse?site=${siteId}&created=ge${encodeURIComponent(started)}&created=${checkupDate}`,
    );
    expect(status).toBe(200);
    expect(fhirR4Problems(body)).toEqual([]);
    expect(body.type).toBe('searchset');
    expect(body.entry.map((e: Json) => e.resource.id)).toEqual(
      expect.arrayContaining([sessions.probe, sessions.matched, sessions.expired]),
    );
    expect(body.total).toBe(body.entry.length);
    // each entry's fullUrl reads it back
    const entry = body.entry.find((e: Json) => e.resource.id === sessions.matched);
    const again = await fetch(entry.fullUrl, { headers: { ...asStaff('auditor'), connection: 'close' } });
    expect(await again.json()).toEqual(entry.resource);
    const none = await fhir(`CoverageEligibilityResponse?site=${siteId}&created=lt${encodeURIComponent(started)}`);
    expect(none.body.total).toBe(0);
  });

  it('discloses no personal data; the voucher number to auditors only; roles and sites as for audit queries', async () => {
    const operatorView = JSON.stringify((await fhir(`CoverageEligibilityResponse/${sessions.matched}`, asStaff('operator'))).body);
    const auditorView = JSON.stringify((await fhir(`CoverageEligibilityResponse/${sessions.matched}`)).body);
    const visit = plan.visits.find((v) => v.scenario === 'regular' && auditorView.includes(v.voucher.voucherNumber));
    expect(visit).toBeDefined();
    expect(operatorView).not.toContain(visit!.voucher.voucherNumber);
    const person = people.find((p) => p.cardReference === visit!.cardReference)!.qualification;
    for (const secret of [person.number, person.name, person.nameKana, person.birthDate, visit!.cardReference])
      expect(auditorView).not.toContain(secret);

    expect((await fhir(`CoverageEligibilityResponse/${sessions.matched}`, asStaff('site-manager', [siteId]))).status).toBe(200);
    expect((await fhir(`CoverageEligibilityResponse/${sessions.matched}`, asStaff('site-manager', ['elsewhere']))).status).toBe(404);
    expect((await fhir(`CoverageEligibilityResponse?site=${siteId}`, asStaff('site-manager', ['elsewhere']))).status).toBe(403);
    const analyst = await fhir(`CoverageEligibilityResponse/${sessions.matched}`, asStaff('analyst'));
    expect(analyst.status).toBe(403);
    expect((await fhir(`CoverageEligibilityResponse/${randomUUID()}`)).status).toBe(404);
    expect((await fhir('CoverageEligibilityResponse/not-a-uuid')).status).toBe(400);
    expect((await fhir('CoverageEligibilityResponse?created=yesterday')).status).toBe(400);
  });
});
