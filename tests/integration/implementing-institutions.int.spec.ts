import { randomUUID } from 'node:crypto';
import { withInsurerCheckDigit } from '@hcv/domain';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { asStaff, startInProcessService, type InProcessService } from '@hcv/testing';

/**
 * The list of implementing institutions (実施機関一覧表) from the live
 * registry over the real broker and database: the column saying whether an institution can confirm
 * voucher eligibility online follows its devices — activated → 可, suspended → 否, re-activated → 可,
 * an insurer's 廃止届 takes it off the list. An insurer's row never shows its code under 機関番号.
 */
jest.setTimeout(120_000);

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF) — independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

describe('implementing institutions list (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  let registry: InProcessService;
  // Category 2 (checkup institutions that are not insured medical institutions): no check digit.
  const A = `132${String(Date.now()).slice(-7)}`;
  const B = `272${String(Date.now() + 1).slice(-7)}`;
  const C = `012${String(Date.now() + 2).slice(-7)}`;
  const insurerNumber = withInsurerCheckDigit(`0627${String(Date.now()).slice(-3)}`);
  // The code 支払基金 assigned to the insurer (the registry records it; it never issues one).
  const insurerCode = `K${run}`;

  const operator = asStaff('operator');
  async function send(method: string, path: string, body: unknown) {
    const response = await fetch(`${registry.url}${path}`, {
      method,
      headers: { ...operator, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }
  async function device(institutionNumber: string, siteId: string, deviceId: string) {
    const operator = institutionNumber === insurerCode ? { onlineEligibilityCode: insurerCode } : { institutionNumber };
    await send('POST', '/devices', { deviceId, ...operator, siteId, kind: 'tablet', requestedBy: 'int-test' });
    await send('POST', `/devices/${deviceId}/activate`, { activatedBy: 'int-test' });
  }
  async function csv(query = 'format=csv') {
    const response = await fetch(`${registry.url}/implementing-institutions?${query}`, { headers: asStaff('analyst') });
    expect(response.status).toBe(200);
    // Response.text() would drop a BOM: decode the bytes keeping it, as a spreadsheet sees them.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  }
  /** institution number (an insurer's row: its insurer number) → the online column, from the CSV as Excel would read it. */
  async function onlineColumn() {
    const rows = parseCsv((await csv()).text.replace(/^\uFEFF/, ''));
    const header = rows[0]!;
    const online = header.indexOf('受診券等のオンライン資格確認（資格確認限定型）');
    return new Map(rows.slice(1).map((r) => [r[0] || r[1]!, r[online]!]));
  }

  beforeAll(async () => {
    registry = await startInProcessService({
      service: 'device-registry',
      database: `int_list_${run}`,
      module: (runtime) => DeviceRegistryModule.register(runtime),
    });
    await send('POST', '/institutions', {
      institutionNumber: A,
      name: '健診センター "本館", 東京',
      registeredBy: 'int-test',
      postalCode: '100-0013',
      address: '東京都千代田区霞が関1-2-2',
      phone: '03-1234-5678',
      checkupKinds: ['specific-checkup', 'specific-guidance'],
    });
    await send('POST', '/institutions', {
      institutionNumber: B,
      name: '大阪健診バス',
      registeredBy: 'int-test',
      checkupKinds: ['specific-checkup', 'comprehensive-checkup'],
    });
    await send('POST', '/institutions', { institutionNumber: C, name: '札幌クリニック', registeredBy: 'int-test' });
    await send('POST', '/insurer-notices/introduction', {
      insurerNumber,
      insurerName: '直営健保',
      onlineEligibilityCode: insurerCode,
      facilities: [{ name: '健保会館健診室' }],
      contact: { name: '健保 花子', phone: '06-1234-5678' },
      plannedStartDate: '2026-12-01',
      filedBy: 'int-test',
    });
    for (const [institutionNumber, siteId] of [
      [A, `a-${run}`],
      [B, `b-${run}`],
      [C, `c-${run}`],
      [insurerCode, `i-${run}`],
    ] as const) {
      const operator = institutionNumber === insurerCode ? { onlineEligibilityCode: insurerCode } : { institutionNumber };
      await send('POST', '/sites', { kind: 'facility', siteId, ...operator, name: `site ${siteId}` });
    }
    await device(A, `a-${run}`, `a1-${run}`);
    await device(B, `b-${run}`, `b1-${run}`);
    await device(insurerCode, `i-${run}`, `i1-${run}`);
    // C registers a device that is never activated: requested is not enough.
    await send('POST', '/devices', {
      deviceId: `c1-${run}`,
      institutionNumber: C,
      siteId: `c-${run}`,
      kind: 'pc',
      requestedBy: 'int-test',
    });
  });

  afterAll(async () => registry?.stop());

  it('writes the annex columns as UTF-8 CSV with a BOM, quoted where needed', async () => {
    const { response, text, bytes } = await csv();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="implementing-institutions_\d{4}-\d{2}-\d{2}\.csv"/);
    expect(
      text.startsWith(
        '\uFEFF機関番号,保険者番号,機関名称,機関種別,都道府県,郵便番号,所在地,電話番号,特定健診,特定保健指導,人間ドック,受診券等のオンライン資格確認（資格確認限定型）,有効な登録端末数\r\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      `${A},,"健診センター ""本館"", 東京",健診・保健指導機関,東京都,100-0013,東京都千代田区霞が関1-2-2,03-1234-5678,○,○,×,可,1\r\n`,
    );
    expect(text).toContain(`${C},,札幌クリニック,健診・保健指導機関,北海道,,,,,,,否,0\r\n`);
    // An insurer's row: 機関番号 blank (its code is not an institution number), its insurer number beside it.
    expect(text).toContain(`\r\n,${insurerNumber},直営健保,保険者（直営）,大阪府,`);
    expect(text).not.toContain(insurerCode);
    const plain = await csv('format=csv&bom=false');
    expect(plain.text.startsWith('機関番号,')).toBe(true);
    expect(plain.bytes.length).toBe(bytes.length - 3);
  });

  it('flips the online column with the devices: suspended → 否, re-activated → 可', async () => {
    expect(Object.fromEntries(await onlineColumn())).toMatchObject({ [A]: '可', [B]: '可', [C]: '否', [insurerNumber]: '可' });
    await send('POST', `/devices/b1-${run}/suspend`, { by: 'int-test', reason: 'reader replaced' });
    expect(Object.fromEntries(await onlineColumn())).toMatchObject({ [A]: '可', [B]: '否' });
    await send('POST', `/devices/b1-${run}/activate`, { activatedBy: 'int-test' });
    expect((await onlineColumn()).get(B)).toBe('可');
    await send('POST', `/devices/a1-${run}/retire`, { by: 'int-test', reason: 'end of lease' });
    expect((await onlineColumn()).get(A)).toBe('否');
  });

  it('drops an insurer after its withdrawal notice (廃止届), and answers JSON too', async () => {
    await send('POST', '/insurer-notices/withdrawal', {
      onlineEligibilityCode: insurerCode,
      effectiveDate: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10), // today in Japan: effective at once
      filedBy: 'int-test',
      reason: 'stopped running checkups',
    });
    expect((await onlineColumn()).has(insurerNumber)).toBe(false);
    const response = await fetch(`${registry.url}/implementing-institutions`, { headers: asStaff('auditor') });
    const body = (await response.json()) as { institutions: Record<string, unknown>[]; columns: { key: string; label: string }[] };
    expect(body.columns.map((c) => c.key)).toContain('onlineEligibilityConfirmation');
    expect(body.institutions.find((i) => i.institutionNumber === B)).toMatchObject({
      prefecture: '大阪府',
      specificCheckup: true,
      specificGuidance: false,
      comprehensiveCheckup: true,
      activeDevices: 1,
      onlineEligibilityConfirmation: true,
    });
  });

  it('is for operators, analysts and auditors only; a bad query is a typed 400', async () => {
    const manager = await fetch(`${registry.url}/implementing-institutions`, { headers: asStaff('site-manager', [`a-${run}`]) });
    expect(manager.status).toBe(403);
    expect(((await manager.json()) as { error: { message: string } }).error.message).toContain('operator');
    const bad = await fetch(`${registry.url}/implementing-institutions?format=xml`, { headers: asStaff('operator') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid-request');
  });
});
