import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { withInsurerCheckDigit } from '@hcv/domain';
import { asStaff, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * Insurers' notices and device card readers over the real broker and database: a 保険者団体's bulk
 * introduction notice (導入届) gets one result per insurer, each accepted insurer is announced on
 * insurer.introduced.v1 with the code 支払基金 assigned; a card-reader swap goes out on
 * device.card-reader-changed.v1 and shows in the device's view.
 */
jest.setTimeout(120_000);

describe('insurer notices and card readers (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  let registry: InProcessService;
  let consumer: Consumer;
  const seen: { topic: string; key: string; data: Record<string, unknown> }[] = [];
  const serial = String(Date.now()).slice(-2);
  const [first, second] = [withInsurerCheckDigit(`06271${serial}`), withInsurerCheckDigit(`06272${serial}`)];
  const [codeA, codeB] = [`A${run}`, `B${run}`];
  const notice = (insurerNumber: string, onlineEligibilityCode: string) => ({
    insurerNumber,
    insurerName: `健保${insurerNumber}`,
    onlineEligibilityCode,
    facilities: [{ name: '健保会館健診室' }],
    contact: { name: '健保 花子', phone: '03-1234-5678' },
    plannedStartDate: '2026-12-01',
  });

  async function send(method: string, path: string, body: unknown) {
    const response = await fetch(`${registry.url}${path}`, {
      method,
      headers: { ...asStaff('operator'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    registry = await startInProcessService({
      service: 'device-registry',
      database: `int_notices_${run}`,
      module: (runtime) => DeviceRegistryModule.register(runtime),
    });
    const kafka = new Kafka({ clientId: `int-notices-${run}`, brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.ERROR });
    consumer = kafka.consumer({ groupId: `int-notices-${run}` });
    await consumer.connect();
    await consumer.subscribe({ topics: ['insurer.introduced.v1', 'device.card-reader-changed.v1'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const envelope = JSON.parse(String(message.value)) as { data: Record<string, unknown> };
        seen.push({ topic, key: String(message.key), data: envelope.data });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await registry?.stop();
  });

  it('a bulk introduction notice: one result per insurer, the accepted ones announced with their code, never all-or-nothing', async () => {
    const bulk = await send('POST', '/insurer-notices/introductions', {
      filedBy: 'int-test',
      association: { name: '健康保険組合連合会' },
      notices: [notice(first, codeA), notice(second, 'not a code'), notice(second, codeB)],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({
      accepted: 2,
      refused: 1,
      results: [
        { index: 0, insurerNumber: first, outcome: 'accepted', onlineEligibilityCode: codeA },
        {
          index: 1,
          insurerNumber: second,
          outcome: 'refused',
          error: expect.objectContaining({ code: 'invalid-online-eligibility-code', field: 'onlineEligibilityCode' }),
        },
        { index: 2, insurerNumber: second, outcome: 'accepted', onlineEligibilityCode: codeB },
      ],
    });
    const read = await fetch(`${registry.url}/insurers/${codeA}`, { headers: asStaff('auditor') });
    expect(await read.json()).toMatchObject({
      onlineEligibilityCode: codeA,
      insurerNumber: first,
      filedFor: '健康保険組合連合会',
      status: 'active',
    });
    await waitFor(
      () => seen.filter((e) => e.topic === 'insurer.introduced.v1' && [codeA, codeB].includes(e.key)).length === 2,
      30_000,
      'both insurers announced',
    );
    const announced = seen.find((e) => e.key === codeA)!;
    expect(announced.data).toMatchObject({ onlineEligibilityCode: codeA, insurerNumber: first, filedFor: '健康保険組合連合会' });
    expect(announced.data).not.toHaveProperty('institutionNumber');
    expect(JSON.stringify(announced.data)).not.toContain('健保 花子');
  });

  it('a card-reader swap is its own event, and the device view shows the reader (or that none was reported)', async () => {
    const deviceId = `hall-pc-${run}`;
    expect(
      (await send('POST', '/sites', { kind: 'facility', siteId: `hall-${run}`, onlineEligibilityCode: codeA, name: 'hall' })).status,
    ).toBe(201);
    const registered = await send('POST', '/devices', {
      deviceId,
      onlineEligibilityCode: codeA,
      siteId: `hall-${run}`,
      kind: 'pc',
      requestedBy: 'int-test',
      portalRegistrationReference: 'REG-000123',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      onlineEligibilityCode: codeA,
      cardReaderReported: false,
      portalRegistrationReference: 'REG-000123',
    });
    expect(registered.body).not.toHaveProperty('institutionNumber');
    const first = await send('PUT', `/devices/${deviceId}/card-reader`, {
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      by: 'int-test',
    });
    expect(first.body).toMatchObject({ cardReader: { model: 'RC-S300', serial: 'SN0001' }, cardReaderReported: true });
    const swapped = await send('PUT', `/devices/${deviceId}/card-reader`, {
      cardReader: { model: 'RC-S300', serial: 'SN0002' },
      by: 'int-test',
      reason: 'reader broken',
    });
    expect(swapped.status).toBe(200);
    await waitFor(
      () => seen.filter((e) => e.topic === 'device.card-reader-changed.v1' && e.key === deviceId).length === 2,
      30_000,
      'both reader events',
    );
    expect(seen.filter((e) => e.key === deviceId).map((e) => e.data)).toEqual([
      expect.objectContaining({ deviceId, cardReader: { model: 'RC-S300', serial: 'SN0001' } }),
      expect.objectContaining({
        deviceId,
        cardReader: { model: 'RC-S300', serial: 'SN0002' },
        previous: { model: 'RC-S300', serial: 'SN0001' },
        reason: 'reader broken',
      }),
    ]);
    const bad = await send('PUT', `/devices/${deviceId}/card-reader`, { cardReader: { model: 'RC-S300' }, by: 'int-test' });
    expect(bad.status).toBe(400);
  });
});
