import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@hcv/contracts';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { planFederation, PlatformClient, seedFederation, type FederationPlan, type SessionView } from '@hcv/federation-driver';
import { signingKeyFromSecret, signRequest } from '@hcv/platform-access';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import { asStaff, startInProcessService, testStaffTokens, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The reception app's backend through the public API, over the real broker and database: an
 * operator issues a one-time code, a browser redeems it for the device's credential and signs with
 * the key derived from it (card-session learns the device over Kafka); the code works once and not
 * after its expiry; and a session's outcome reaches the device over the session stream (Server-Sent
 * Events read with fetch, as the browser reads them), with no polling.
 */
jest.setTimeout(240_000);

const SEED = 4242;
const POPULATION = 100;
const RECEPTION = 'http://127.0.0.1:3002'; // card-session's default public URL: the default reception origin

describe('reception backend (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const services = new Map<ServiceName, InProcessService>();
  const checkupDate = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  /** The registry's clock runs this far ahead: how a code's expiry is reached without waiting for it. */
  let registrySkewMillis = 0;
  let client: PlatformClient;
  let plan: FederationPlan;
  const deskDevice = `desk-${run}`;
  let secret = '';

  const modules: [ServiceName, (r: ServiceRuntime) => DynamicModule][] = [
    ['device-registry', (r) => DeviceRegistryModule.register({ ...r, clock: () => new Date(Date.now() + registrySkewMillis) })],
    ['card-session', (r) => CardSessionModule.register(r)],
    [
      'qualification-lookup',
      (r) => QualificationLookupModule.register(r, { nationalSystem: new EligibilitySimulator({ seed: SEED, size: POPULATION }) }),
    ],
    ['voucher-matching', (r) => VoucherMatchingModule.register(r)],
  ];
  const url = (service: ServiceName) => services.get(service)!.url;

  const redeem = async (code: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url('device-registry')}/device-activations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ code }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const issueCode = async (deviceId: string) => {
    const response = await fetch(`${url('device-registry')}/devices/${deviceId}/activation-codes`, {
      method: 'POST',
      headers: asStaff('operator'),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { deviceId: string; code: string; expiresAt: string };
  };
  /** A request signed as the browser does it: the key is SHA-256 of the secret it was given. */
  const signed = (method: string, path: string, key = signingKeyFromSecret(secret)) =>
    fetch(`${url('card-session')}${path}`, { method, headers: signRequest({ deviceId: deskDevice, signingKey: key, method, path }) });

  beforeAll(async () => {
    for (const [service, module] of modules) {
      services.set(
        service,
        await startInProcessService({ service, database: `int_reception_${run}_${service.replace(/-/g, '_')}`, module }),
      );
    }
    client = new PlatformClient(
      {
        deviceRegistry: url('device-registry'),
        cardSession: url('card-session'),
        voucherMatching: url('voucher-matching'),
        audit: 'http://127.0.0.1:9',
      },
      { staffTokens: testStaffTokens() },
    );
    // Site and device ids of this run only: other test files' events share the topics.
    const base = planFederation({
      seed: SEED,
      population: POPULATION,
      facilities: 1,
      buses: 0,
      devicesPerSite: 1,
      visits: 20,
      checkupDate,
      firstScenarios: ['regular'],
    });
    plan = {
      ...base,
      sites: base.sites.map((s) => ({ ...s, siteId: `${s.siteId}-${run}`, devices: s.devices.map((d) => `${d}-${run}`) })),
      visits: base.visits.map((v) => ({ ...v, deviceId: deskDevice })),
    };
    await seedFederation(client, plan);
    // The desk's browser: a device registered at the site and never activated by an operator.
    const site = plan.sites[0]!;
    await client.registerDevice({
      deviceId: deskDevice,
      institutionNumber: site.institutionNumber,
      siteId: site.siteId,
      kind: 'pc',
      requestedBy: 'ops',
    });
  });

  afterAll(async () => {
    for (const s of [...services.values()].reverse()) await s.stop();
  });

  it('activates a device by a one-time code: signed requests with the derived key are accepted; the code works once, and not past its expiry', async () => {
    // The reception app's origin may call the activation route from a browser, with the device headers.
    const preflight = await fetch(`${url('device-registry')}/device-activations`, {
      method: 'OPTIONS',
      headers: { origin: RECEPTION, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(RECEPTION);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-signature');

    const issued = await issueCode(deskDevice);
    expect(issued.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const activated = await redeem(issued.code.toLowerCase().replace(/-/g, ''), { origin: RECEPTION });
    expect(activated.status).toBe(201);
    expect(activated.headers.get('access-control-allow-origin')).toBe(RECEPTION);
    expect(activated.body).toMatchObject({
      deviceId: deskDevice,
      credentialId: expect.any(String),
      secret: expect.any(String),
      device: { institutionNumber: plan.sites[0]!.institutionNumber, siteId: plan.sites[0]!.siteId, kind: 'site' },
    });
    secret = activated.body.secret as string;

    // card-session learns the activation and the key over Kafka; then the browser's signed request is accepted.
    await waitFor(async () => (await signed('GET', '/devices/self')).status === 200, 90_000, 'card-session to accept the activated device');
    const self = await signed('GET', '/devices/self');
    expect(await self.json()).toMatchObject({
      deviceId: deskDevice,
      state: 'active',
      siteId: plan.sites[0]!.siteId,
      kind: 'site',
      today: { tourDate: checkupDate, stops: [] },
    });
    expect((await signed('GET', '/devices/self', signingKeyFromSecret(`${secret}x`))).status).toBe(401);

    // The same code again: refused, in Japanese unless the caller asks otherwise.
    const again = await redeem(issued.code);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'activation-code-used', message: expect.stringContaining('すでに使用されています') });
    expect(again.headers.get('content-language')).toBe('ja');
    const inEnglish = await redeem(issued.code, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(inEnglish.body.error).toMatchObject({ code: 'activation-code-used', message: expect.stringContaining('already used') });

    // A code redeemed past its expiry (the registry's clock moved on 31 minutes).
    const late = await issueCode(deskDevice);
    registrySkewMillis = 31 * 60_000;
    try {
      const expired = await redeem(late.code);
      expect({ status: expired.status, code: expired.body.error?.code }).toEqual({ status: 410, code: 'activation-code-expired' });
    } finally {
      registrySkewMillis = 0;
    }
    // The device kept its credential: nothing was rotated by the refused codes.
    expect((await signed('GET', '/devices/self')).status).toBe(200);
    // A malformed body is refused with its fields and a sentence, not the validator's text.
    const malformed = await fetch(`${url('device-registry')}/device-activations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ code: 42, extra: true }),
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: unknown }).error).toEqual({
      code: 'invalid-request',
      field: 'code',
      fields: [
        { path: 'code', code: 'invalid_type' },
        { path: 'extra', code: 'unrecognized_keys' },
      ],
      message: 'code: missing or not in the form the contract asks for. Unknown field(s): extra.',
    });
  });

  it('delivers the outcome of a session over its stream, and ends the stream', async () => {
    expect(secret).not.toBe('');
    client.useDeviceSecret(deskDevice, secret);
    const visit = plan.visits.find((v) => v.scenario === 'regular')!;
    const opened = await client.openSession({ deviceId: deskDevice, purpose: visit.purpose, checkupDate });

    const path = `/sessions/${opened.sessionId}/stream`;
    const response = await signed('GET', path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: SessionView[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (block.startsWith('event: session') && data) events.push(JSON.parse(data.slice(6)) as SessionView);
        }
      }
    })();
    await waitFor(async () => events.length > 0, 10_000, 'the first event');
    expect(events[0]).toMatchObject({ sessionId: opened.sessionId, state: 'opened' });

    await client.submitCardRead(opened.sessionId, {
      identityCheck: visit.identityCheck,
      ...(visit.identityCheck === 'pin' ? { pinVerified: true } : { checkedBy: 'desk-staff' }),
      reported: visit.reported,
    });
    await client.presentVoucher(opened.sessionId, visit.voucher);
    // The stream ends by itself once the session is completed: the outcome arrived by push.
    await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream did not end')), 90_000))]);
    const last = events.at(-1)!;
    expect(last.state).toBe('completed');
    expect(last.outcome).toBeDefined();
    expect(last).toEqual(await client.getSession(opened.sessionId));
    // Each event was a change: no view was sent twice.
    expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(events.length);
  });
});
