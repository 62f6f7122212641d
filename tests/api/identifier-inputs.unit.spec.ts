import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE, INSTITUTION_NUMBER_SENTENCE, INSURER_NUMBER_SENTENCE, type ServiceName, type StaffRole } from '@hcv/contracts';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { InMemoryProcessedEventLog, InProcessMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { createHttpApp } from '@hcv/platform-http';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { testStaffTokens, testStaffVerifier } from '@hcv/testing';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';

/**
 * Insurer and institution numbers through the HTTP API: one normalisation at every input, and one
 * code and sentence, naming the field, wherever a number is refused — in a JSON body and in a query
 * filter alike.
 */
async function serve(service: ServiceName, register: (runtime: ServiceRuntime) => DynamicModule) {
  const logger = createLogger({ service, level: 'error' });
  const bus = new InProcessMessageBus(logger);
  const runtime: ServiceRuntime = {
    service,
    bus,
    publisher: bus.publisher(service),
    processedLog: new InMemoryProcessedEventLog(),
    storage: { kind: 'memory' },
    logger,
    clock: () => new Date(),
  };
  const app: INestApplication = await createHttpApp(register(runtime), logger, { staffTokens: testStaffVerifier() });
  await app.init();
  await app.listen(0, '127.0.0.1');
  await bus.start();
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const tokens = testStaffTokens();
  const send = async (method: string, path: string, role: StaffRole, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: Record<string, string> } };
  };
  return { app, send };
}

const refusal = (code: 'invalid-insurer-number' | 'invalid-institution-number', field: string) => ({
  status: 400,
  body: {
    error: {
      code,
      field,
      message: `${field}: ${code === 'invalid-insurer-number' ? INSURER_NUMBER_SENTENCE : INSTITUTION_NUMBER_SENTENCE}.`,
    },
  },
});

describe('identifier inputs through the HTTP API', () => {
  describe('device-registry', () => {
    let service: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      service = await serve('device-registry', (runtime) => DeviceRegistryModule.register(runtime));
    });
    afterAll(() => service.app.close());

    it('normalises an institution number in a body (spaces, full-width digits) and stores the canonical one', async () => {
      const registered = await service.send('POST', '/institutions', 'operator', {
        institutionNumber: ' ３４１０７１２３６２　',
        name: '広島の診療所',
        registeredBy: 'op-1',
      });
      expect(registered).toMatchObject({ status: 201, body: { institutionNumber: '3410712362' } });
      expect(registered.body).not.toHaveProperty('warnings');
      expect(await service.send('GET', '/institutions/3410712362', 'operator')).toMatchObject({ status: 200 });
    });

    it('accepts a 点数表番号 2 number whose check digit does not hold, with a warning', async () => {
      const registered = await service.send('POST', '/institutions', 'operator', {
        institutionNumber: '2720000002',
        name: '健診センター',
        registeredBy: 'op-1',
      });
      expect(registered).toMatchObject({ status: 201, body: { institutionNumber: '2720000002', warnings: ['check-digit-unconfirmed'] } });
    });

    it('refuses a wrong institution number with the same code and sentence in a body and in a query filter', async () => {
      const wrong = '3410712363'; // wrong check digit
      expect(
        await service.send('POST', '/institutions', 'operator', { institutionNumber: wrong, name: 'x', registeredBy: 'op-1' }),
      ).toEqual(refusal('invalid-institution-number', 'institutionNumber'));
      expect(await service.send('GET', `/devices?institutionNumber=${wrong}`, 'operator')).toEqual(
        refusal('invalid-institution-number', 'institutionNumber'),
      );
      const category5 = { institutionNumber: '3450712365', name: 'x', registeredBy: 'op-1' }; // invalid: 点数表番号 5 is refused
      expect(await service.send('POST', '/institutions', 'operator', category5)).toEqual(
        refusal('invalid-institution-number', 'institutionNumber'),
      );
      expect(ERROR_CATALOGUE['invalid-institution-number'].status).toBe(400);
    });

    it('refuses a 7-digit insurer number (never padded) with the insurer code, and folds "00" + 6-digit 国保', async () => {
      expect(
        await service.send('POST', '/insurer-notices/introduction', 'operator', {
          insurerNumber: '1130012',
          insurerName: 'x',
          filedBy: 'op-1',
        }),
      ).toEqual(refusal('invalid-insurer-number', 'insurerNumber'));
      const introduced = await service.send('POST', '/insurer-notices/introduction', 'operator', {
        insurerNumber: '00131011',
        insurerName: '千代田区',
        onlineEligibilityCode: 'A1234567',
        facilities: [{ name: '千代田区保健所' }],
        contact: { name: '担当 太郎', phone: '03-1234-5678' },
        plannedStartDate: '2027-04-01',
        filedBy: 'op-1',
      });
      expect(introduced).toMatchObject({ status: 201, body: { insurer: { insurerNumber: '131011' } } });
    });
  });

  describe('voucher-matching', () => {
    let service: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      service = await serve('voucher-matching', (runtime) => VoucherMatchingModule.register(runtime));
    });
    afterAll(() => service.app.close());

    const contract = {
      kind: 'collective-A',
      name: '集合契約A',
      coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
      insurerNumbers: ['01130012', '００１３１０１１'],
      institutionNumbers: ['3410712362', ' 0110113719 '],
      purposes: ['specific-checkup'],
      validFrom: '2026-04-01',
      validUntil: '2027-03-31',
    };

    it('validates and normalises a contract’s insurer and institution lists like registration', async () => {
      expect(await service.send('PUT', '/contracts/c-ids', 'operator', contract)).toMatchObject({
        status: 200,
        body: { insurerNumbers: ['01130012', '131011'], institutionNumbers: ['3410712362', '0110113719'] },
      });
      expect(
        await service.send('PUT', '/contracts/c-ids', 'operator', { ...contract, institutionNumbers: ['3410712362', '4810000001'] }),
      ).toEqual(
        refusal('invalid-institution-number', 'institutionNumbers.1'), // invalid: prefecture 48
      );
      expect(await service.send('PUT', '/contracts/c-ids', 'operator', { ...contract, insurerNumbers: ['1130012'] })).toEqual(
        refusal('invalid-insurer-number', 'insurerNumbers.0'),
      );
    });
  });
});
