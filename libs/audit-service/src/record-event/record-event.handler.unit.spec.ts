import { randomUUID } from 'node:crypto';
import { QualificationResolvedV1, type EventEnvelope } from '@hcv/contracts';
import { decryptInsuranceFields } from '../adapters/insurance-cipher';
import { pseudonym } from '../domain/pseudonymise';
import { InMemoryAuditRecordRepository } from '../persistence/audit-record.memory';
import { AuditLedger } from './audit-ledger';
import { RecordEventHandler } from './record-event.handler';

const KEY = 'unit-test-audit-key';
const clock = () => new Date('2026-11-25T09:31:00.000Z');
const meta = { topic: QualificationResolvedV1.topic, partition: 3, offset: '42', attempt: 1 };
const request = {
  sessionId: 's-1',
  deviceId: 'bus-1-dev-1',
  institutionNumber: '1311234569',
  siteId: 'bus-1',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-25',
  cardReference: 'card-ref-0001',
  voucherNumber: '12345678901',
};
/** An event as a consumer receives it (the envelope is validated upstream, by the delivery). */
const resolved = (): EventEnvelope =>
  ({
    id: randomUUID(),
    type: 'qualification.resolved',
    version: 1,
    time: '2026-11-25T09:30:59.000Z',
    source: 'qualification-lookup',
    subject: 's-1',
    correlationId: 'c-1',
    data: {
      request,
      result: {
        status: 'eligible',
        qualification: {
          insurerNumber: '06139018',
          symbol: '12',
          number: '3456',
          branch: '01',
          name: '山田 太郎',
          birthDate: '1970-01-01',
        },
      },
      resolvedAt: '2026-11-25T09:30:59Z',
      upstreamMillis: 80,
    },
  }) as EventEnvelope;

describe('recording an event in the ledger', () => {
  it('stamps each record with the clock’s time (formatted once per millisecond), and refuses an invalid clock as before', async () => {
    const records = new InMemoryAuditRecordRepository();
    const times = ['2026-11-25T09:31:00.000Z', '2026-11-25T09:31:00.000Z', '2026-11-25T09:31:00.001Z', '2026-11-25T09:31:00.000Z'];
    let i = 0;
    const handler = new RecordEventHandler(new AuditLedger(records), KEY, () => new Date(times[i++]!));
    const ids: string[] = [];
    for (let n = 0; n < times.length; n++) {
      const event = resolved();
      ids.push(event.id);
      await handler.handle(event, meta);
    }
    const stamped = new Map((await records.bySubject('s-1')).map((r) => [r.id, (r as { recordedAt: string }).recordedAt]));
    expect(ids.map((id) => stamped.get(id))).toEqual(times);
    const broken = new RecordEventHandler(new AuditLedger(new InMemoryAuditRecordRepository()), KEY, () => new Date(Number.NaN));
    await expect(broken.handle(resolved(), meta)).rejects.toThrow(RangeError);
  });

  it('stores it with pseudonyms for personal fields, its search facets, the insurance cipher, where it was read and when (the clock)', async () => {
    const records = new InMemoryAuditRecordRepository();
    const handler = new RecordEventHandler(new AuditLedger(records), KEY, clock);
    const event = resolved();
    await handler.handle(event, meta);
    const [stored] = await records.bySubject('s-1');
    expect(stored).toMatchObject({
      id: event.id,
      type: 'qualification.resolved',
      topic: meta.topic,
      partition: 3,
      offset: '42',
      recordedAt: '2026-11-25T09:31:00.000Z',
    });
    expect(stored!.facets).toEqual({ sessionId: 's-1', siteId: 'bus-1', institutionNumber: '1311234569', insurerNumber: '06139018' });
    const qualification = (stored!.data as { result: { qualification: Record<string, string> } }).result.qualification;
    expect(qualification).toMatchObject({
      insurerNumber: '06139018',
      symbol: pseudonym('12', KEY),
      name: pseudonym('山田 太郎', KEY),
      birthDate: pseudonym('1970-01-01', KEY),
    });
    expect((stored!.data as { request: Record<string, string> }).request.cardReference).toBe(pseudonym('card-ref-0001', KEY));
    expect(JSON.stringify(stored)).not.toMatch(/山田|1970-01-01|card-ref-0001/);
    expect(decryptInsuranceFields(stored!.insuranceCipher!, KEY)).toEqual({
      'result.qualification.symbol': '12',
      'result.qualification.number': '3456',
      'result.qualification.branch': '01',
    });
  });

  it('records a redelivered event once', async () => {
    const records = new InMemoryAuditRecordRepository();
    const handler = new RecordEventHandler(new AuditLedger(records), KEY, clock);
    const event = resolved();
    await handler.handle(event, meta);
    await handler.handle(event, { ...meta, attempt: 2 });
    expect(await records.bySubject('s-1')).toHaveLength(1);
  });

  it('keeps the 記号・番号 printed on a presented voucher (eligibility.requested v2, the v2 echoes) only as pseudonyms and in the cipher', async () => {
    const records = new InMemoryAuditRecordRepository();
    const handler = new RecordEventHandler(new AuditLedger(records), KEY, clock);
    const { voucherNumber: _number, ...v1Request } = request;
    const voucher = {
      insurerNumber: '06139018',
      voucherNumber: '12345678901',
      voucherKind: 'checkup',
      validUntil: '2027-03-31',
      copayments: { basic: { kind: 'fixed', amount: 1000 } },
      symbol: '12',
      number: '3456',
    };
    const requested = { ...resolved(), type: 'eligibility.requested', version: 2, data: { ...v1Request, voucher } } as EventEnvelope;
    const transcribed = {
      ...resolved(),
      type: 'qualification.transcribed',
      version: 2,
      data: {
        request: { ...v1Request, voucher },
        method: 'eligibility-certificate',
        eligibility: {},
        transcribedAt: '2026-11-25T09:31:00Z',
      },
    } as EventEnvelope;
    await handler.handle(requested, { ...meta, topic: 'eligibility.requested.v2' });
    await handler.handle(transcribed, { ...meta, topic: 'qualification.transcribed.v2', offset: '43' });
    const [first, second] = await records.bySubject('s-1');
    expect((first!.data as { voucher: Record<string, string> }).voucher).toMatchObject({
      voucherNumber: '12345678901',
      symbol: pseudonym('12', KEY),
      number: pseudonym('3456', KEY),
    });
    expect(decryptInsuranceFields(first!.insuranceCipher!, KEY)).toEqual({ 'voucher.symbol': '12', 'voucher.number': '3456' });
    expect(decryptInsuranceFields(second!.insuranceCipher!, KEY)).toEqual({
      'request.voucher.symbol': '12',
      'request.voucher.number': '3456',
    });
    expect(first!.facets?.insurerNumber).toBe('06139018');
    expect(JSON.stringify([first, second])).not.toMatch(/"3456"/);
  });
});

describe('personal fields of the 資格確認限定型 events', () => {
  it('keeps what the national app showed (reported.*) and the terminal query (terminalQuery.*) only as pseudonyms and in the cipher', async () => {
    const records = new InMemoryAuditRecordRepository();
    const handler = new RecordEventHandler(new AuditLedger(records), KEY, clock);
    const { voucherNumber: _number, cardReference: _ref, ...base } = request;
    const reported = {
      validity: 'valid',
      insurerNumber: '06139018',
      insurerName: '第1健康保険組合',
      symbol: '12',
      number: '3456',
      branch: '01',
      name: '山田 太郎',
      nameKana: 'ヤマダ タロウ',
      birthDate: '1970-01-01',
      confirmedAt: '2026-11-25T18:30:00+09:00',
    };
    const requestedV3 = {
      ...resolved(),
      type: 'eligibility.requested',
      version: 3,
      data: { ...base, purpose: 'comprehensive-checkup', stopId: 'stop-2', identityCheck: 'pin', reported },
    } as EventEnvelope;
    const withQuery = {
      ...resolved(),
      type: 'eligibility.requested',
      version: 3,
      data: {
        ...base,
        purpose: 'comprehensive-checkup',
        stopId: 'stop-2',
        identityCheck: 'face',
        cardReference: 'card-ref-0002',
        terminalQuery: { symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' },
      },
    } as EventEnvelope;
    await handler.handle(requestedV3, { ...meta, topic: 'eligibility.requested.v3' });
    await handler.handle(withQuery, { ...meta, topic: 'eligibility.requested.v3', offset: '43' });
    const [first, second] = await records.bySubject('s-1');
    expect((first!.data as { reported: Record<string, string> }).reported).toMatchObject({
      symbol: pseudonym('12', KEY),
      number: pseudonym('3456', KEY),
      branch: pseudonym('01', KEY),
      name: pseudonym('山田 太郎', KEY),
      nameKana: pseudonym('ヤマダ タロウ', KEY),
      birthDate: pseudonym('1970-01-01', KEY),
      insurerNumber: '06139018',
    });
    expect(decryptInsuranceFields(first!.insuranceCipher!, KEY)).toEqual({
      'reported.symbol': '12',
      'reported.number': '3456',
      'reported.branch': '01',
    });
    expect(first!.facets?.insurerNumber).toBe('06139018');
    expect((second!.data as { terminalQuery: Record<string, string> }).terminalQuery).toEqual({
      symbol: pseudonym('77', KEY),
      number: pseudonym('8899', KEY),
      branch: pseudonym('02', KEY),
      birthDate: pseudonym('1961-02-03', KEY),
    });
    expect(decryptInsuranceFields(second!.insuranceCipher!, KEY)).toEqual({
      'terminalQuery.symbol': '77',
      'terminalQuery.number': '8899',
      'terminalQuery.branch': '02',
    });
    const stored = JSON.stringify([first, second]);
    for (const clear of ['"3456"', '山田', 'ヤマダ', '1970-01-01', '"8899"', '1961-02-03', 'card-ref-0002'])
      expect(stored).not.toContain(clear);
  });
});
