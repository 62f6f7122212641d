import { randomBytes, randomUUID } from 'node:crypto';
import { CardSessionModule } from '@hcv/card-session-service';
import { CapturedSessionResponse, DeviceActivatedV1, DeviceCredentialIssuedV1, SessionResponse } from '@hcv/contracts';
import { signingKeyFromSecret } from '@hcv/platform-access';
import { aPresentedVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, waitFor } from '@hcv/testing';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('card-session', (runtime) => CardSessionModule.register(runtime), {
  successes: {
    async run({ send, runtime }) {
      // The registry announces an active device with its credential, as it does on activation.
      const deviceId = 'tab-1';
      const signingKey = signingKeyFromSecret(randomBytes(32).toString('base64url'));
      const registry = runtime.bus.publisher('device-registry');
      const at = new Date().toISOString();
      const context = { subject: deviceId, correlationId: randomUUID() };
      await registry.publish(
        DeviceActivatedV1,
        { deviceId, institutionNumber: EXAMPLE_INSTITUTION_NUMBER, siteId: 'site-1', kind: 'tablet', activatedAt: at, activatedBy: 'op-1' },
        context,
      );
      await registry.publish(DeviceCredentialIssuedV1, { deviceId, credentialId: 'cred-0001', signingKey, issuedAt: at }, context);
      const as = { device: { deviceId, signingKey } };
      let opened: { status: number; body: unknown } = { status: 0, body: undefined };
      await waitFor(
        async () =>
          (opened = await send('post', '/sessions', { as, body: { deviceId, purpose: 'specific-checkup', checkupDate: '2026-05-01' } }))
            .status === 201,
        5_000,
        'the device to be known',
      ).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(opened)}`);
      });
      const sessionId = SessionResponse.parse(opened.body).sessionId;
      await send('post', '/sessions/:sessionId/voucher', { params: { sessionId }, as, body: aPresentedVoucher() });
      for (let i = 0; i < 3; i++)
        await send('post', '/sessions/:sessionId/card-read', {
          params: { sessionId },
          as,
          body: { identityCheck: 'pin', pinVerified: false, cardReference: 'card-0001' },
        });
      const locked = await send('get', '/sessions/:sessionId', { params: { sessionId }, as });
      expect(locked.body).toMatchObject({ state: 'card-locked', alternativeMethods: expect.any(Array) });
      const eligibility = {
        insurerNumber: EXAMPLE_INSURER_NUMBER,
        symbol: '1234',
        number: '0012345',
        name: '佐藤 太郎',
        birthDate: '1970-05-01',
        validUntil: '2027-03-31',
      };
      const recorded = await send('post', '/sessions/:sessionId/alternative', {
        params: { sessionId },
        as,
        body: { method: 'eligibility-certificate', eligibility },
      });
      // What the operator transcribed, and the voucher's 記号・番号, stay out of the answer (the declared schema has no field for them either).
      expect(JSON.stringify(recorded.body)).not.toContain('0012345');
      await send('post', '/sessions/:sessionId/cancel', { params: { sessionId }, as, body: { by: 'op-1', reason: 'visitor left' } });
      // A finished session's stream sends its view once and ends.
      const streamed = await send('get', '/sessions/:sessionId/stream', { params: { sessionId }, as });
      expect(streamed.body).toEqual(expect.stringMatching(/^event: session\ndata: \{.*"state":"cancelled".*\}\n\n$/s));
      const self = await send('get', '/devices/self', { as });
      expect(self.body).toMatchObject({ deviceId, state: 'active', siteId: 'site-1', kind: 'site' });
      await send('get', '/reception/config.json', {});
      const captured = {
        idempotencyKey: 'capture-0001',
        deviceId,
        purpose: 'specific-checkup',
        capturedAt: at,
        alternative: { method: 'eligibility-certificate', eligibility },
        voucher: aPresentedVoucher(),
      };
      await send('post', '/sessions/captured', { as, body: captured });
      const resent = await send('post', '/sessions/captured', { as, body: captured });
      expect(CapturedSessionResponse.parse(resent.body).resent).toBe(true);
      // 人間ドック without a voucher: a card problem, a re-read confirmed by 目視確認, the identity step.
      const dock = await send('post', '/sessions', { as, body: { deviceId, purpose: 'comprehensive-checkup', withoutVoucher: true } });
      const dockId = SessionResponse.parse(dock.body).sessionId;
      const problem = await send('post', '/sessions/:sessionId/card-problem', {
        params: { sessionId: dockId },
        as,
        body: { problem: 'unreadable' },
      });
      expect(problem.body).toMatchObject({
        cardProblem: { problem: 'unreadable', nextSteps: ['re-read-card', 'present-alternative-document'] },
      });
      const reported = {
        validity: 'valid',
        insurerNumber: EXAMPLE_INSURER_NUMBER,
        number: '0012345',
        name: '佐藤 太郎',
        birthDate: '1970-05-01',
        confirmedAt: at,
      };
      const read = await send('post', '/sessions/:sessionId/card-read', {
        params: { sessionId: dockId },
        as,
        body: { identityCheck: 'visual', checkedBy: 'staff-1', reported },
      });
      expect(read.body).toMatchObject({ state: 'eligibility-requested', identityCheck: 'visual', checkedBy: 'staff-1' });
      expect(JSON.stringify(read.body)).not.toContain('0012345');
      await send('post', '/sessions/:sessionId/identity-verified', { params: { sessionId: dockId }, as, body: { checkedBy: 'staff-1' } });
    },
    expect: [
      'POST /sessions',
      'POST /sessions/captured',
      'POST /sessions/:sessionId/card-read',
      'POST /sessions/:sessionId/card-problem',
      'POST /sessions/:sessionId/identity-verified',
      'POST /sessions/:sessionId/voucher',
      'POST /sessions/:sessionId/alternative',
      'POST /sessions/:sessionId/cancel',
      'GET /sessions/:sessionId',
      'GET /sessions/:sessionId/stream',
      'GET /devices/self',
      'GET /reception/config.json',
    ],
  },
});
