import { outcomesCsv } from './analytics.http.controller';
import { bucketOf, contributionOf, exportRow, jstDay, quantileMillis, type RollupCell } from './outcome-rollup';
import { factsFrom } from './record-outcome-facts.handler';

describe('outcome rollup rules', () => {
  it('counts days in JST', () => {
    expect(jstDay('2026-11-24T14:59:59Z')).toBe('2026-11-24');
    expect(jstDay('2026-11-24T15:00:00Z')).toBe('2026-11-25');
    expect(jstDay('2026-11-25T08:00:00+09:00')).toBe('2026-11-25');
  });

  it('puts times into closed-above buckets', () => {
    expect([0, 250, 251, 1000, 59_999, 60_000, 60_001].map(bucketOf)).toEqual(['le250', 'le250', 'le500', 'le1000', 'le60000', 'le60000', 'gt60000']);
  });

  it('contributes only a decided, completed session with its purpose and place', () => {
    const base = { sessionId: 's', institutionNumber: '1311234566', siteId: 'a', purpose: 'specific-checkup', outcome: 'matched', decidedAt: '2026-11-24T01:00:00Z' };
    expect(contributionOf(base)).toBeNull();
    expect(contributionOf({ ...base, elapsedMillis: 800, purpose: undefined })).toBeNull();
    expect(contributionOf({ ...base, elapsedMillis: 800 })).toBeNull(); // method not known yet
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynaportal-screen' })).toBeNull(); // transcription pending
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynaportal-screen', transcribed: true })?.key.method).toBe('mynaportal-screen');
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynumber-card' })).toMatchObject({
      key: { day: '2026-11-24', insurerNumber: '-', method: 'mynumber-card', outcome: 'matched' },
      bucket: 'le1000',
      cellId: '2026-11-24|1311234566|a|-|mynumber-card|specific-checkup|matched',
    });
  });

  it('derives quantiles as bucket upper bounds', () => {
    const cell = { count: 20, buckets: { le250: 10, le500: 8, le5000: 2 } };
    expect(quantileMillis(cell, 0.5)).toBe(250);
    expect(quantileMillis(cell, 0.95)).toBe(5000);
    expect(quantileMillis({ count: 0, buckets: {} }, 0.5)).toBeNull();
  });

  it('writes RFC 4180 CSV that a spreadsheet cannot execute', () => {
    const cell: RollupCell = { day: '2026-11-24', institutionNumber: '1311234566', siteId: '=cmd|x', insurerNumber: '-', method: 'mynumber-card', purpose: 'specific-checkup', outcome: 'matched', count: 2, totalMillis: 900, buckets: { le500: 2 } };
    const csv = outcomesCsv([exportRow(cell)]);
    const [header, line] = csv.split('\r\n');
    expect(header!.startsWith('day,institutionNumber,siteId,insurerNumber,method,purpose,outcome,count,meanMillis')).toBe(true);
    expect(line).toContain(",'=cmd|x,-,mynumber-card,");
    expect(line).toContain(',2,450,500,500,');
  });

  it('reads no personal field from events', () => {
    const facts = factsFrom({
      type: 'qualification.transcribed',
      data: { request: { sessionId: 's', institutionNumber: '1311234566', siteId: 'a', purpose: 'specific-guidance' }, method: 'eligibility-certificate', eligibility: { insurerNumber: '06139018', symbol: '1', number: '2', name: 'x', birthDate: '1970-01-01' } },
    });
    expect(facts).toEqual({ method: 'eligibility-certificate', transcribed: true, purpose: 'specific-guidance', institutionNumber: '1311234566', siteId: 'a', insurerNumber: '06139018' });
  });
});
