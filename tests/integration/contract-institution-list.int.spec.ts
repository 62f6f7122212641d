import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';
import { asStaff, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';

/**
 * The 実施機関一覧表 of one contract over the real broker and database: voucher-matching (the contract's
 * owner) learns institutions and their devices' states from device-registry's events and lists the
 * contract's institutions only — 既存型 資格確認端末 and active 限定型 devices both count as capable, a
 * suspension flips the column, an insurer's code is never shown, and the CSV (UTF-8 with a BOM) reads
 * back with a CSV parser.
 */
jest.setTimeout(180_000);

interface ListBody {
  totals: Record<string, number>;
  columns: { key: string; label: string }[];
  institutions: { institutionNumber: string; registered: boolean; onlineEligibility: { capable: boolean } }[];
}

describe('実施機関一覧表 per contract (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const body = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  // Tokyo (13), Osaka (27), Hokkaido (01) medical institutions; D is named by the contract but never registered.
  const [A, B, C, D, E] = ['131', '271', '011', '131', '271'].map((p) => withInstitutionCheckDigit(`${p}${body()}`));
  const insurerNumber = withInsurerCheckDigit(`0627${String(Date.now()).slice(-3)}`);
  const insurerCode = `K${run}`;
  const contractId = `zeneiren-${run}`;
  let registry: InProcessService;
  let vouchers: InProcessService;

  async function send(base: string, method: string, path: string, payload: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...asStaff('operator'), 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }
  const toRegistry = (method: string, path: string, payload: unknown) => send(registry.url, method, path, payload);
  async function list(role: 'operator' | 'analyst' | 'auditor' = 'auditor'): Promise<ListBody> {
    const response = await fetch(`${vouchers.url}/contracts/${contractId}/implementing-institutions`, { headers: asStaff(role) });
    expect(response.status).toBe(200);
    return (await response.json()) as ListBody;
  }
  const capable = async () =>
    Object.fromEntries((await list()).institutions.map((r) => [r.institutionNumber, r.onlineEligibility.capable]));

  beforeAll(async () => {
    registry = await startInProcessService({
      service: 'device-registry',
      database: `int_cil_dr_${run}`,
      module: (runtime) => DeviceRegistryModule.register(runtime),
    });
    vouchers = await startInProcessService({
      service: 'voucher-matching',
      database: `int_cil_vm_${run}`,
      module: (runtime) => VoucherMatchingModule.register(runtime, { piiKey: 'k'.repeat(40) }),
    });
    await toRegistry('POST', '/institutions', {
      institutionNumber: A,
      name: '健診センター "本館", 東京',
      registeredBy: 'int-test',
      postalCode: '100-0013',
      address: '東京都千代田区霞が関1-2-2',
      phone: '03-1234-5678',
      checkupKinds: ['specific-checkup', 'specific-guidance'],
      openingHours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
        { days: ['sat'], from: '09:00', to: '12:00' },
      ],
      openingNote: '祝日休み',
    });
    // B confirms through its 既存型 資格確認端末: capable with no 限定型 device.
    await toRegistry('POST', '/institutions', {
      institutionNumber: B,
      name: '大阪クリニック',
      registeredBy: 'int-test',
      existingTypeTerminal: true,
    });
    await toRegistry('POST', '/institutions', { institutionNumber: C, name: '札幌クリニック', registeredBy: 'int-test' });
    // E is registered and capable but not in the contract.
    await toRegistry('POST', '/institutions', {
      institutionNumber: E,
      name: '対象外',
      registeredBy: 'int-test',
      existingTypeTerminal: true,
    });
    await toRegistry('POST', '/insurer-notices/introduction', {
      insurerNumber,
      insurerName: '直営健保',
      onlineEligibilityCode: insurerCode,
      facilities: [{ name: '健保会館健診室' }],
      contact: { name: '健保 花子', phone: '06-1234-5678' },
      plannedStartDate: '2026-12-01',
      filedBy: 'int-test',
    });
    for (const [operator, siteId, deviceId] of [
      [{ institutionNumber: A }, `a-${run}`, `a1-${run}`],
      [{ institutionNumber: C }, `c-${run}`, `c1-${run}`],
      [{ onlineEligibilityCode: insurerCode }, `i-${run}`, `i1-${run}`],
    ] as const) {
      await toRegistry('POST', '/sites', { kind: 'facility', siteId, ...operator, name: `site ${siteId}` });
      await toRegistry('POST', '/devices', { deviceId, ...operator, siteId, kind: 'tablet', requestedBy: 'int-test' });
      // C's device stays requested: only an active device counts.
      if (deviceId !== `c1-${run}`) await toRegistry('POST', `/devices/${deviceId}/activate`, { activatedBy: 'int-test' });
    }
    await send(vouchers.url, 'PUT', `/contracts/${contractId}`, {
      kind: 'collective-A',
      name: '集合契約A（全衛連）',
      coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
      insurerNumbers: [insurerNumber],
      institutionNumbers: [A, B, C, D],
      purposes: ['specific-checkup', 'specific-guidance'],
      guidanceLevels: ['motivational'],
      unitPrices: { basic: 8000, detailed: 2500, guidance: 20000 },
      validFrom: '2026-04-01',
      validUntil: '2027-03-31',
    });
    // The registry's events reach voucher-matching asynchronously.
    await waitFor(
      async () => {
        const { totals } = await list();
        return totals.onlineCapable === 2 && totals.notRegistered === 1;
      },
      60_000,
      'voucher-matching to learn the institutions and devices',
    );
  });

  afterAll(async () => {
    await vouchers?.stop();
    await registry?.stop();
  });

  it('lists the contract’s institutions only, each capable through a 限定型 device or a 既存型 terminal', async () => {
    const body = await list('analyst');
    expect(body.totals).toEqual({
      institutions: 4,
      onlineCapable: 2,
      withLimitedTypeDevices: 1,
      withExistingTypeTerminal: 1,
      notRegistered: 1,
    });
    expect(body.institutions.map((r) => r.institutionNumber)).toEqual([A, B, C, D].sort());
    expect(await capable()).toEqual({ [A]: true, [B]: true, [C]: false, [D]: false });
    expect(body.institutions.find((r) => r.institutionNumber === A)).toMatchObject({
      registered: true,
      prefecture: '東京都',
      address: '東京都千代田区霞が関1-2-2',
      unitPrices: { basic: 8000, detailed: 2500, guidance: 20000 },
      guidanceLevels: ['motivational'],
      openingNote: '祝日休み',
      onlineEligibility: { capable: true, limitedTypeDevices: 1, existingTypeTerminal: false },
    });
    expect(body.institutions.find((r) => r.institutionNumber === D)).toMatchObject({ registered: false });
    const text = JSON.stringify(body);
    expect(text).not.toContain(insurerCode);
    expect(text).not.toContain(E);
  });

  it('writes the CSV as UTF-8 with a BOM that a CSV parser reads back, column by column', async () => {
    const response = await fetch(`${vouchers.url}/contracts/${contractId}/implementing-institutions?format=csv`, {
      headers: asStaff('operator'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="implementing-institutions_${contractId}_\\d{4}-\\d{2}-\\d{2}\\.csv"`),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const byNumber = new Map(records.map((r) => [r['機関番号']!, r]));
    expect([...byNumber.keys()]).toEqual([A, B, C, D].sort());
    expect(byNumber.get(A)).toEqual({
      機関番号: A,
      機関名称: '健診センター "本館", 東京',
      都道府県: '東京都',
      郵便番号: '100-0013',
      所在地: '東京都千代田区霞が関1-2-2',
      電話番号: '03-1234-5678',
      '単価（基本的な健診）': '8000',
      '単価（詳細な健診）': '2500',
      '単価（追加健診）': '',
      '単価（人間ドック）': '',
      '単価（特定保健指導）': '20000',
      保健指導の区分: '動機付け支援',
      '実施日・実施時間': '月・火・水・木・金 09:00-17:00／土 09:00-12:00',
      実施日の備考: '祝日休み',
      受診券等のオンライン資格確認: '可',
      オンライン資格確認の手段: '限定型端末1台',
    });
    expect(byNumber.get(B)).toMatchObject({ 受診券等のオンライン資格確認: '可', オンライン資格確認の手段: '既存型資格確認端末' });
    expect(byNumber.get(C)).toMatchObject({ 受診券等のオンライン資格確認: '否', オンライン資格確認の手段: '' });
    expect(bytes.toString('utf8')).not.toContain(insurerCode);
    const plain = await fetch(`${vouchers.url}/contracts/${contractId}/implementing-institutions?format=csv&bom=false`, {
      headers: asStaff('operator'),
    });
    expect(Buffer.from(await plain.arrayBuffer()).length).toBe(bytes.length - 3);
  });

  it('follows the devices: a suspended device takes the institution to 否, a re-activated one back to 可', async () => {
    await toRegistry('POST', `/devices/a1-${run}/suspend`, { by: 'int-test', reason: 'reader replaced' });
    await waitFor(async () => (await capable())[A] === false, 30_000, 'the suspension to reach the list');
    await toRegistry('POST', `/devices/a1-${run}/activate`, { activatedBy: 'int-test' });
    await waitFor(async () => (await capable())[A] === true, 30_000, 'the re-activation to reach the list');
  });

  it('answers 404 for an unknown contract, a typed 400 for a bad query, 403 to a site manager', async () => {
    const missing = await fetch(`${vouchers.url}/contracts/none-${run}/implementing-institutions`, { headers: asStaff('operator') });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('contract-not-found');
    const bad = await fetch(`${vouchers.url}/contracts/${contractId}/implementing-institutions?format=xml`, {
      headers: asStaff('operator'),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid-request');
    const manager = await fetch(`${vouchers.url}/contracts/${contractId}/implementing-institutions`, {
      headers: asStaff('site-manager', [`a-${run}`]),
    });
    expect(manager.status).toBe(403);
  });
});
