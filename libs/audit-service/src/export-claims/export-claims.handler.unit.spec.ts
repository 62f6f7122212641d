import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@hcv/contracts';
import { InMemoryAuditRecordRepository } from '../persistence/audit-record.memory';
import { AuditLedger } from '../record-event/audit-ledger';
import { RecordEventHandler } from '../record-event/record-event.handler';
import { ExportClaimsHandler } from './export-claims.handler';

const INSTITUTION = '3410712362';
const INSURER = '01130012';
const OTHER_INSURER = '33120015';

type Step = [type: string, version: number, data: Record<string, unknown>, time: string];

/** A session's events as card-session and voucher-matching publish them (the fields the export reads). */
function visit(options: {
  checkupDate: string;
  at: string; // HH:MM UTC on the checkup day
  insurer?: string;
  voucherNumber?: string;
  visualBy?: string;
  outcome?: string;
  settledBy?: string;
  decided?: boolean;
}): { sessionId: string; steps: Step[] } {
  const sessionId = randomUUID();
  const t = (s: number) => `${options.checkupDate}T${options.at}:${String(s).padStart(2, '0')}.000Z`;
  const voucher = { insurerNumber: options.insurer ?? INSURER, voucherNumber: options.voucherNumber ?? '26000000017' };
  const where = { sessionId, institutionNumber: INSTITUTION, siteId: 'bus-01' };
  const steps: Step[] = [
    [
      'session.opened',
      2,
      {
        ...where,
        deviceId: 'bus-01-tab-1',
        stopId: 'stop-1',
        purpose: 'specific-checkup',
        checkupDate: options.checkupDate,
        openedAt: t(0),
      },
      t(0),
    ],
    ['session.voucher-presented', 3, { sessionId, voucher: { ...voucher, voucherKind: 'checkup' }, stopId: 'stop-1' }, t(1)],
    [
      'session.card-read',
      2,
      {
        sessionId,
        identityCheck: options.visualBy ? 'visual' : 'pin',
        ...(options.visualBy ? { checkedBy: options.visualBy } : {}),
        afterPinLock: false,
        eligibilitySource: 'device-reported',
        stopId: 'stop-1',
        readAt: t(2),
      },
      t(2),
    ],
  ];
  if (options.decided === false) return { sessionId, steps };
  const outcome = {
    ...where,
    voucher,
    insurerNumber: voucher.insurerNumber,
    method: 'mynumber-card',
    source: 'online',
    reason: 'r',
    reasonJa: 'r',
  };
  steps.push(['verification.outcome', 3, { ...outcome, outcome: options.outcome ?? 'matched', decidedAt: t(3) }, t(3)]);
  if (options.settledBy)
    steps.push([
      'verification.outcome',
      3,
      {
        ...outcome,
        outcome: 'matched-after-settlement',
        settlement: { kind: 'same-person', by: options.settledBy, at: t(9) },
        decidedAt: t(9),
      },
      t(9),
    ]);
  return { sessionId, steps };
}

async function ledgerOf(visits: { steps: Step[] }[]) {
  const records = new InMemoryAuditRecordRepository();
  const recordEvent = new RecordEventHandler(new AuditLedger(records), 'unit-test-audit-key', () => new Date());
  let offset = 0;
  for (const { steps } of visits)
    for (const [type, version, data, time] of steps) {
      const event = {
        id: randomUUID(),
        type,
        version,
        time,
        source: 'card-session',
        subject: data.sessionId,
        correlationId: 'c',
        data,
      } as EventEnvelope;
      await recordEvent.handle(event, { topic: `${type}.v${version}`, partition: 0, offset: String(offset++), attempt: 1 });
    }
  return records;
}

describe('the per-claim export', () => {
  const pin = visit({ checkupDate: '2026-11-24', at: '01:00' });
  const visual = visit({ checkupDate: '2026-11-24', at: '02:00', visualBy: 'staff-suzuki', voucherNumber: '26000000025' });
  const settled = visit({
    checkupDate: '2026-11-25',
    at: '03:00',
    outcome: 'member-mismatch',
    settledBy: 'desk-tanaka',
    insurer: OTHER_INSURER,
  });
  const undecided = visit({ checkupDate: '2026-11-24', at: '04:00', decided: false });
  const nextMonth = visit({ checkupDate: '2026-12-01', at: '01:00' });
  let handler: ExportClaimsHandler;

  beforeAll(async () => {
    handler = new ExportClaimsHandler(await ledgerOf([pin, visual, settled, undecided, nextMonth]));
  });

  it('gives one row per decided session of the checkup days, with who, where, how and when (JST)', async () => {
    const json = await handler.handle({ from: '2026-11-24', to: '2026-11-30' });
    if (json.format !== 'json') throw new Error('json expected');
    expect(json.body.rows.map((r) => r.sessionId)).toEqual([pin.sessionId, visual.sessionId, settled.sessionId]);
    expect(json.body.rows[1]).toEqual({
      institutionNumber: INSTITUTION,
      insurerNumber: INSURER,
      voucherNumber: '26000000025',
      checkupDate: '2026-11-24',
      method: 'mynumber-card',
      confirmedAt: '2026-11-24T11:00:03+09:00',
      outcome: 'matched',
      settledFrom: null,
      deviceId: 'bus-01-tab-1',
      staff: 'staff-suzuki',
      settledBy: null,
      undoneAt: null,
      siteId: 'bus-01',
      sessionId: visual.sessionId,
    });
    expect(json.body.rows[2]).toMatchObject({
      insurerNumber: OTHER_INSURER,
      outcome: 'matched-after-settlement',
      settledFrom: 'member-mismatch',
      settledBy: 'desk-tanaka',
      confirmedAt: '2026-11-25T12:00:09+09:00',
    });
  });

  it('narrows to one insurer', async () => {
    const json = await handler.handle({ from: '2026-11-24', to: '2026-11-30', insurerNumber: OTHER_INSURER });
    expect(json.format === 'json' && json.body.rows.map((r) => r.sessionId)).toEqual([settled.sessionId]);
  });

  it('writes CSV with a BOM and Japanese headers, no personal fields', async () => {
    const csv = await handler.handle({ from: '2026-11-24', to: '2026-11-24', format: 'csv' });
    if (csv.format !== 'csv') throw new Error('csv expected');
    expect(csv.filename).toBe('claims_2026-11-24_2026-11-24.csv');
    expect(csv.csv.startsWith('\uFEFF機関番号,保険者番号,整理番号,受診日,確認方法,確認日時,結果,')).toBe(true);
    const lines = csv.csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, two rows, the final newline
    expect(lines[2]).toBe(
      `${INSTITUTION},${INSURER},26000000025,2026-11-24,mynumber-card,2026-11-24T11:00:03+09:00,matched,,bus-01-tab-1,staff-suzuki,,,bus-01,${visual.sessionId}`,
    );
  });

  it('refuses a range over 62 days and a reversed one', async () => {
    await expect(handler.handle({ from: '2026-01-01', to: '2026-04-01' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(handler.handle({ from: '2026-11-25', to: '2026-11-24' })).rejects.toMatchObject({ code: 'invalid-request' });
  });
});
