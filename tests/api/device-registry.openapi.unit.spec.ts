import { ActivatedDeviceResponse, IntroductionNoticeResponse } from '@hcv/contracts';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { signingKeyFromSecret } from '@hcv/platform-access';
import { describeOpenApiConformance } from './support/openapi-conformance';

const operator = { role: 'operator' } as const;

describeOpenApiConformance('device-registry', (runtime) => DeviceRegistryModule.register(runtime), {
  successes: {
    async run({ send }) {
      const institutionNumber = EXAMPLE_INSTITUTION_NUMBER;
      await send('post', '/institutions', {
        as: operator,
        body: {
          institutionNumber,
          name: '東京健診センター',
          registeredBy: 'op-1',
          postalCode: '100-0013',
          checkupKinds: ['specific-checkup'],
        },
      });
      await send('get', '/institutions/:institutionNumber', { params: { institutionNumber }, as: operator });
      const stop = { stopId: 'stop-1', name: '市役所前', date: '2026-05-01', from: '09:00', to: '12:00' };
      await send('post', '/sites', {
        as: operator,
        body: { kind: 'bus', siteId: 'bus-1', institutionNumber, name: '健診バス1号', plate: '品川 800 あ 12-34', itinerary: [stop] },
      });
      await send('put', '/sites/:siteId/itinerary', {
        params: { siteId: 'bus-1' },
        as: operator,
        body: { itinerary: [stop, { ...stop, stopId: 'stop-2', from: '13:00', to: '16:00' }] },
      });
      await send('get', '/sites/:siteId', { params: { siteId: 'bus-1' }, as: operator });
      await send('post', '/devices', {
        as: operator,
        body: {
          deviceId: 'tab-1',
          institutionNumber,
          siteId: 'bus-1',
          kind: 'tablet',
          requestedBy: 'op-1',
          cardReader: { model: 'RC-S300', serial: 'SN0001' },
          portalRegistrationReference: 'REG-000123',
        },
      });
      const activated = await send('post', '/devices/:deviceId/activate', {
        params: { deviceId: 'tab-1' },
        as: operator,
        body: { activatedBy: 'op-1' },
      });
      const device = {
        deviceId: 'tab-1',
        signingKey: signingKeyFromSecret(ActivatedDeviceResponse.parse(activated.body).issuedCredential!.secret),
      };
      await send('post', '/devices/:deviceId/heartbeat', { params: { deviceId: 'tab-1' }, as: { device }, body: { stopId: 'stop-1' } });
      // The bus's pre-tour readiness: its device checks (all green), reads the day's stops, the desk reads the report, the device marks it ready.
      const tour = { busId: 'bus-1', tourDate: '2026-05-01' };
      await send('post', '/tours/:busId/:tourDate/readiness-checks', {
        params: tour,
        as: { device },
        body: {
          deviceClockAt: new Date().toISOString(),
          reader: { present: true, model: 'RC-S300', serial: 'SN0001' },
          nationalSystem: { testConfirmation: 'ok', at: new Date().toISOString() },
          stopsLoaded: ['stop-1', 'stop-2'],
        },
      });
      await send('get', '/tours/:busId/:tourDate', { params: tour, as: { device } });
      await send('get', '/tours/:busId/:tourDate/readiness', { params: tour, as: operator });
      await send('post', '/tours/:busId/:tourDate/ready', { params: tour, as: { device } });
      await send('get', '/implementing-institutions', { as: { role: 'analyst' } });
      await send('post', '/devices/:deviceId/credential', { params: { deviceId: 'tab-1' }, as: operator, body: { rotatedBy: 'op-1' } });
      // A replacement browser: a one-time code, redeemed without authentication for a new credential.
      const issued = await send('post', '/devices/:deviceId/activation-codes', { params: { deviceId: 'tab-1' }, as: operator });
      await send('post', '/device-activations', { body: { code: (issued.body as { code: string }).code } });
      await send('post', '/devices/:deviceId/suspend', {
        params: { deviceId: 'tab-1' },
        as: operator,
        body: { by: 'op-1', reason: 'lost' },
      });
      await send('put', '/devices/:deviceId/card-reader', {
        params: { deviceId: 'tab-1' },
        as: operator,
        body: { cardReader: { model: 'RC-S300', serial: 'SN0002' }, by: 'op-1', reason: 'swapped' },
      });
      await send('get', '/devices/:deviceId', { params: { deviceId: 'tab-1' }, as: operator });
      await send('get', '/devices', { query: 'siteId=bus-1', as: operator });
      await send('post', '/devices/:deviceId/retire', {
        params: { deviceId: 'tab-1' },
        as: operator,
        body: { by: 'op-1', reason: 'broken' },
      });
      const notice = {
        insurerNumber: EXAMPLE_INSURER_NUMBER,
        insurerName: '第1健康保険組合',
        onlineEligibilityCode: 'A1000123',
        facilities: [{ name: '健保会館健診室' }],
        contact: { name: '健保 花子', phone: '03-1234-5678' },
        plannedStartDate: '2026-12-01',
      };
      const introduced = await send('post', '/insurer-notices/introduction', { as: operator, body: { ...notice, filedBy: 'op-1' } });
      const code = IntroductionNoticeResponse.parse(introduced.body).onlineEligibilityCode;
      await send('get', '/insurers/:onlineEligibilityCode', { params: { onlineEligibilityCode: code }, as: operator });
      await send('post', '/insurer-notices/introductions', {
        as: operator,
        body: { filedBy: 'op-1', association: { name: '健康保険組合連合会' }, notices: [notice] },
      });
      await send('post', '/insurer-notices/withdrawal', {
        as: operator,
        body: { onlineEligibilityCode: code, effectiveDate: '2027-04-01', filedBy: 'op-1', reason: 'ends its own checkups' },
      });
    },
    expect: [
      'POST /institutions',
      'GET /institutions/:institutionNumber',
      'GET /implementing-institutions',
      'POST /insurer-notices/introduction',
      'POST /insurer-notices/introductions',
      'POST /insurer-notices/withdrawal',
      'GET /insurers/:onlineEligibilityCode',
      'POST /sites',
      'PUT /sites/:siteId/itinerary',
      'GET /sites/:siteId',
      'POST /devices',
      'POST /devices/:deviceId/activate',
      'POST /devices/:deviceId/suspend',
      'POST /devices/:deviceId/retire',
      'POST /devices/:deviceId/credential',
      'POST /devices/:deviceId/heartbeat',
      'PUT /devices/:deviceId/card-reader',
      'GET /devices/:deviceId',
      'GET /devices',
      'POST /devices/:deviceId/activation-codes',
      'POST /device-activations',
      'GET /tours/:busId/:tourDate',
      'POST /tours/:busId/:tourDate/readiness-checks',
      'GET /tours/:busId/:tourDate/readiness',
      'POST /tours/:busId/:tourDate/ready',
    ],
  },
});
