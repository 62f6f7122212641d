import { randomUUID } from 'node:crypto';
import { EligibilityRequestedV1 } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_VOUCHER_NUMBER, waitFor } from '@hcv/testing';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance(
  'qualification-lookup',
  (runtime) => QualificationLookupModule.register(runtime, { nationalSystem: new EligibilitySimulator({ seed: 1, size: 10 }) }),
  {
    successes: {
      async run({ send, runtime }) {
        // card-session asks for a lookup; the simulator answers and the record is kept.
        const sessionId = randomUUID();
        const request = {
          sessionId,
          deviceId: 'tab-1',
          institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
          siteId: 'site-1',
          purpose: 'specific-checkup',
          checkupDate: '2026-05-01',
          cardReference: 'card-0001',
          voucherNumber: EXAMPLE_VOUCHER_NUMBER,
        } as const;
        await runtime.bus
          .publisher('card-session')
          .publish(EligibilityRequestedV1, request, { subject: sessionId, correlationId: sessionId });
        await waitFor(
          async () => (await send('get', '/lookups/:sessionId', { params: { sessionId }, as: { role: 'auditor' } })).status === 200,
          5_000,
          'the lookup record',
        );
      },
      expect: ['GET /lookups/:sessionId'],
    },
  },
);
