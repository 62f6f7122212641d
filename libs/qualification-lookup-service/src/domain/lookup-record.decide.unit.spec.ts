import { aPresentedVoucher, aQualification } from '@hcv/testing';
import { answerLookup, asV1Result } from './lookup-record.decide';

describe('answerLookup', () => {
  const place = {
    sessionId: 's-1',
    institutionNumber: '1311234577',
    siteId: 'site-1',
    purpose: 'specific-checkup' as const,
    checkupDate: '2026-11-24',
    deviceId: 'dev-1',
    cardReference: 'card-000001-0a1b2c3d',
  };
  const voucher = aPresentedVoucher();
  const at = new Date('2026-11-24T09:00:00.000Z');

  it('keeps outcome and timing only, and announces the answer without the card reference', () => {
    const d = answerLookup(
      { version: 1, data: { ...place, voucherNumber: '12345678901' } },
      { status: 'unavailable', reason: 'down' },
      12.5,
      at,
    );
    expect(d.state).toEqual({
      sessionId: 's-1',
      institutionNumber: '1311234577',
      status: 'unavailable',
      upstreamMillis: 12.5,
      resolvedAt: '2026-11-24T09:00:00.000Z',
    });
    expect(d.events.map((e) => e.contract.topic)).toEqual(['qualification.resolved.v1']);
    expect(JSON.stringify(d.events[0]!.data)).not.toContain('card-000001');
  });

  it('answers a v2 request with qualification.resolved v2, echoing the voucher as presented and who answered', () => {
    const qualification = aQualification();
    const d = answerLookup({ version: 2, data: { ...place, voucher } }, { status: 'eligible', qualification }, 3, at, 'simulator');
    expect(d.events.map((e) => e.contract.topic)).toEqual(['qualification.resolved.v2']);
    expect(d.events[0]!.data).toEqual({
      request: {
        sessionId: 's-1',
        institutionNumber: '1311234577',
        siteId: 'site-1',
        purpose: 'specific-checkup',
        checkupDate: '2026-11-24',
        voucher,
      },
      result: { status: 'eligible', qualification },
      answeredBy: 'simulator',
      resolvedAt: '2026-11-24T09:00:00.000Z',
      upstreamMillis: 3,
    });
    // The record keeps neither the voucher nor the qualification.
    expect(d.state).toEqual({
      sessionId: 's-1',
      institutionNumber: '1311234577',
      status: 'eligible',
      insurerNumber: qualification.insurerNumber,
      answeredBy: 'simulator',
      upstreamMillis: 3,
      resolvedAt: '2026-11-24T09:00:00.000Z',
    });
    expect(JSON.stringify(d.state)).not.toContain(voucher.number!);
  });

  it('passes 資格有効性 3 on as changed-insurer in v2, and as lost in v1 (which cannot say it)', () => {
    const qualification = aQualification({ lostOn: '2026-10-01' });
    const changed = { status: 'changed-insurer' as const, qualification, lostOn: '2026-10-01' };
    const v2 = answerLookup({ version: 2, data: { ...place, voucher } }, changed, 3, at);
    expect(v2.events[0]!.data).toMatchObject({ result: changed });
    expect(v2.state.status).toBe('changed-insurer');
    const v1 = answerLookup({ version: 1, data: { ...place, voucherNumber: voucher.voucherNumber } }, changed, 3, at);
    expect(v1.events[0]!.data).toMatchObject({ result: { status: 'lost', qualification, lostOn: '2026-10-01' } });
    expect(v1.state.status).toBe('lost');
    expect(asV1Result({ status: 'not-found' })).toEqual({ status: 'not-found' });
  });

  it('answers a v4 request of an insurer’s own device on v4, naming its code (never as an institution number), and records the code', () => {
    const request = {
      version: 4 as const,
      data: {
        sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
        deviceId: 'hall-pc-1',
        onlineEligibilityCode: 'KENPO0422',
        siteId: 'hall',
        stopId: 'hall',
        purpose: 'specific-checkup' as const,
        checkupDate: '2026-11-24',
        identityCheck: 'pin' as const,
        cardReference: 'card-000001-0a1b2c3d',
        voucher: aPresentedVoucher(),
      },
    };
    const { state, events } = answerLookup(
      request,
      { status: 'eligible', qualification: aQualification() },
      0,
      new Date('2026-11-24T00:00:00Z'),
      'device-reported',
    );
    expect(state).toMatchObject({ onlineEligibilityCode: 'KENPO0422', status: 'eligible' });
    expect(state).not.toHaveProperty('institutionNumber');
    expect(events.map((e) => e.contract.topic)).toEqual(['qualification.resolved.v4']);
    expect((events[0]!.data as { request: Record<string, unknown> }).request).toMatchObject({
      onlineEligibilityCode: 'KENPO0422',
      stopId: 'hall',
    });
    expect((events[0]!.data as { request: Record<string, unknown> }).request).not.toHaveProperty('institutionNumber');
  });
});
