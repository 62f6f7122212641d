import { answerLookup } from './lookup-record.decide';

describe('answerLookup', () => {
  const request = {
    sessionId: 's-1',
    institutionNumber: '1311234577',
    siteId: 'site-1',
    purpose: 'specific-checkup' as const,
    checkupDate: '2026-11-24',
    voucherNumber: '12345678901',
    deviceId: 'dev-1',
    cardReference: 'card-000001-0a1b2c3d',
  };

  it('keeps outcome and timing only, and announces the answer without the card reference', () => {
    const d = answerLookup(request, { status: 'unavailable', reason: 'down' }, 12.5, new Date('2026-11-24T09:00:00.000Z'));
    expect(d.state).toEqual({
      sessionId: 's-1',
      institutionNumber: '1311234577',
      status: 'unavailable',
      upstreamMillis: 12.5,
      resolvedAt: '2026-11-24T09:00:00.000Z',
    });
    expect(d.events.map((e) => e.contract.type)).toEqual(['qualification.resolved']);
    expect(JSON.stringify(d.events[0]!.data)).not.toContain('card-000001');
  });
});
