import { contributionOf, exportRow, factsFrom, jstDay, settledIn, type RollupCell } from './outcome-rollup';

describe('outcome rollup rules', () => {
  it('counts days in JST', () => {
    expect(jstDay('2026-11-24T14:59:59Z')).toBe('2026-11-24');
    expect(jstDay('2026-11-24T15:00:00Z')).toBe('2026-11-25');
    expect(jstDay('2026-11-25T08:00:00+09:00')).toBe('2026-11-25');
  });

  it('contributes only a decided, completed session with its purpose and place', () => {
    const base = {
      sessionId: 's',
      institutionNumber: '1311234569',
      siteId: 'a',
      purpose: 'specific-checkup',
      outcome: 'matched',
      decidedAt: '2026-11-24T01:00:00Z',
    };
    expect(contributionOf(base)).toBeNull();
    expect(contributionOf({ ...base, elapsedMillis: 800, purpose: undefined })).toBeNull();
    expect(contributionOf({ ...base, elapsedMillis: 800 })).toBeNull(); // method not known yet
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynaportal-screen' })).toBeNull(); // transcription pending
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynaportal-screen', transcribed: true })?.key.method).toBe(
      'mynaportal-screen',
    );
    expect(contributionOf({ ...base, elapsedMillis: 800, method: 'mynumber-card' })).toMatchObject({
      key: { day: '2026-11-24', insurerNumber: '-', method: 'mynumber-card', source: 'online', outcome: 'matched' },
      bucket: 'le1000',
      cellId: '2026-11-24|1311234569|a|-|mynumber-card|specific-checkup|online|matched',
    });
  });

  it('counts an insurer’s own session under its code (institution "-"), in a cell id of its own', () => {
    const facts = {
      sessionId: 's',
      onlineEligibilityCode: 'C1000123',
      siteId: 'hall',
      purpose: 'specific-checkup',
      outcome: 'matched',
      decidedAt: '2026-11-24T01:00:00Z',
      elapsedMillis: 800,
      method: 'mynumber-card',
      insurerNumber: '06139018',
    };
    expect(contributionOf(facts)).toMatchObject({
      key: { institutionNumber: '-', onlineEligibilityCode: 'C1000123', insurerNumber: '06139018' },
      cellId: '2026-11-24|-|hall|06139018|mynumber-card|specific-checkup|online|matched|oec:C1000123',
    });
    expect(contributionOf({ ...facts, onlineEligibilityCode: undefined })).toBeNull(); // no operator known yet
    expect(factsFrom({ type: 'session.opened', data: { onlineEligibilityCode: 'C1000123', siteId: 'hall', purpose: 'p' } })).toMatchObject({
      onlineEligibilityCode: 'C1000123',
    });
    expect(
      factsFrom({
        type: 'qualification.transcribed',
        data: { method: 'm', request: { onlineEligibilityCode: 'C1000123' }, eligibility: {} },
      }),
    ).toMatchObject({ onlineEligibilityCode: 'C1000123' });
  });

  it('splits by source: what the outcome says, else transcribed when a transcription arrived', () => {
    const done = {
      sessionId: 's',
      institutionNumber: '1311234569',
      siteId: 'a',
      purpose: 'specific-checkup',
      outcome: 'matched',
      decidedAt: '2026-11-24T01:00:00Z',
      elapsedMillis: 800,
    };
    expect(contributionOf({ ...done, method: 'eligibility-certificate', transcribed: true })?.key.source).toBe('transcribed');
    expect(contributionOf({ ...done, method: 'mynumber-card', source: 'transcribed' })?.key.source).toBe('transcribed');
    expect(
      factsFrom({ type: 'verification.outcome', data: { outcome: 'matched', decidedAt: 't', siteId: 'a', source: 'transcribed' } }),
    ).toMatchObject({ outcome: 'matched', source: 'transcribed' });
  });

  it('counts a settlement in the cell of the outcome it settled, without moving the session', () => {
    const settlement = factsFrom({
      type: 'verification.outcome',
      data: { outcome: 'matched-after-settlement', decidedAt: '2026-11-25T01:00:00Z', siteId: 'a', source: 'online' },
    });
    expect(settlement).toEqual({ settled: true });
    const counted = {
      sessionId: 's',
      institutionNumber: '1311234569',
      siteId: 'a',
      purpose: 'specific-checkup',
      outcome: 'member-mismatch',
      decidedAt: '2026-11-24T01:00:00Z',
      elapsedMillis: 800,
      method: 'mynumber-card',
    };
    expect(settledIn(counted)).toBeNull();
    expect(settledIn({ ...counted, ...settlement })).toMatchObject({ key: { outcome: 'member-mismatch', day: '2026-11-24' } });
  });

  it('exports a cell with its mean, its quantiles and every bucket', () => {
    const cell: RollupCell = {
      day: '2026-11-24',
      institutionNumber: '1311234569',
      onlineEligibilityCode: '-',
      siteId: 'a',
      insurerNumber: '-',
      method: 'mynumber-card',
      purpose: 'specific-checkup',
      source: 'online',
      outcome: 'matched',
      count: 2,
      settled: 0,
      totalMillis: 900,
      buckets: { le500: 2 },
    };
    expect(exportRow(cell)).toMatchObject({
      source: 'online',
      count: 2,
      settled: 0,
      meanMillis: 450,
      p50MillisAtMost: 500,
      p95MillisAtMost: 500,
      le250: 0,
      le500: 2,
      gt60000: 0,
    });
  });

  it('reads no personal field from events', () => {
    const facts = factsFrom({
      type: 'qualification.transcribed',
      data: {
        request: { sessionId: 's', institutionNumber: '1311234569', siteId: 'a', purpose: 'specific-guidance' },
        method: 'eligibility-certificate',
        eligibility: { insurerNumber: '06139018', symbol: '1', number: '2', name: 'x', birthDate: '1970-01-01' },
      },
    });
    expect(facts).toEqual({
      method: 'eligibility-certificate',
      transcribed: true,
      purpose: 'specific-guidance',
      institutionNumber: '1311234569',
      siteId: 'a',
      insurerNumber: '06139018',
    });
  });
});
