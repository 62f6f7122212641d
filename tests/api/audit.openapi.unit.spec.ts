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
  (runtime) => AuditModule.register(runtime, { alongside: [OperationsDeskModule.alongsideAudit(runtime)] }),
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
        await send('get', '/operations/sites/:siteId', { params: { siteId: 'site-1' }, as: operator });
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
        'GET /operations/feed',
        'GET /operations/alerts',
      ],
    },
  },
);
