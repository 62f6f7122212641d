import { randomUUID } from 'node:crypto';
import { AuditModule } from '@hcv/audit-service';
import { DeviceActivatedV1, SessionOpenedV1 } from '@hcv/contracts';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { EXAMPLE_INSTITUTION_NUMBER, waitFor } from '@hcv/testing';
import { describeOpenApiConformance } from './support/openapi-conformance';

const auditor = { role: 'auditor' } as const;
const operator = { role: 'operator' } as const;

describeOpenApiConformance(
  'audit',
  // the desk's event stream ends after half a second, so each probe reads it to its end
  (runtime) => AuditModule.register(runtime, { alongside: [OperationsDeskModule.alongsideAudit(runtime, { streamMaxMillis: 500 })] }),
  {
    successes: {
      async run({ send, runtime }) {
        // The ledger records what the services publish: a device's activation and one session.
        const sessionId = randomUUID();
        const now = new Date();
        const at = now.toISOString();
        const place = { deviceId: 'tab-1', institutionNumber: EXAMPLE_INSTITUTION_NUMBER, siteId: 'site-1' };
        await runtime.bus
          .publisher('device-registry')
          .publish(
            DeviceActivatedV1,
            { ...place, kind: 'tablet', activatedAt: at, activatedBy: 'op-1' },
            { subject: 'tab-1', correlationId: randomUUID() },
          );
        const sessions = runtime.bus.publisher('card-session');
        await sessions.publish(
          SessionOpenedV1,
          { sessionId, ...place, purpose: 'specific-checkup', checkupDate: at.slice(0, 10), openedAt: at },
          { subject: sessionId, correlationId: sessionId },
        );
        await waitFor(
          async () => (await send('get', '/audit/sessions/:sessionId', { params: { sessionId }, as: auditor })).status === 200,
          5_000,
          'the session to be recorded',
        );
        const day = at.slice(0, 10);
        await send('get', '/audit/verify', { query: `from=${day}&to=${day}`, as: auditor });
        await send('get', '/audit/sessions', { query: 'siteId=site-1', as: auditor });
        await send('get', '/audit/devices/:deviceId', { params: { deviceId: 'tab-1' }, as: auditor });
        await send('get', '/audit/events', { query: 'type=session.opened', as: auditor });
        await send('get', '/fhir/CoverageEligibilityResponse/:sessionId', { params: { sessionId }, as: auditor });
        await send('get', '/fhir/CoverageEligibilityResponse', { query: 'site=site-1', as: auditor });
        await send('get', '/analytics/outcomes', { query: `from=${day}&to=${day}`, as: { role: 'analyst' } });
        await send('get', '/operations/overview', { as: operator });
        await send('get', '/operations/prefectures', { as: operator });
        await send('get', '/operations/stream', { as: operator });
        // the desk's picture is rebuilt every OPS_DESK_REFRESH_MS: the site appears within it
        await waitFor(
          async () => (await send('get', '/operations/sites/:siteId', { params: { siteId: 'site-1' }, as: operator })).status === 200,
          5_000,
          'the site on the desk',
        );
        await send('get', '/operations/devices/:deviceId', { params: { deviceId: 'tab-1' }, as: operator });
        await send('get', '/operations/feed', { as: operator });
        await send('get', '/operations/alerts', { as: operator });
      },
      expect: [
        'GET /audit/verify',
        'GET /audit/sessions',
        'GET /audit/sessions/:sessionId',
        'GET /audit/devices/:deviceId',
        'GET /audit/events',
        'GET /fhir/CoverageEligibilityResponse/:sessionId',
        'GET /fhir/CoverageEligibilityResponse',
        'GET /analytics/outcomes',
        'GET /operations/overview',
        'GET /operations/sites/:siteId',
        'GET /operations/prefectures',
        'GET /operations/stream',
        'GET /operations/devices/:deviceId',
        'GET /operations/feed',
        'GET /operations/alerts',
      ],
    },
  },
);
