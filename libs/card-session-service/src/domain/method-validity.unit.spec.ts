import { isRegionalInsurer, methodsValidOn, NOTICE_METHOD_VALIDITY, requireMethodValidOn } from './method-validity';

const failure = (fn: () => void) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as { code: string; message: string; status: number; field: string };
  }
};

describe('methods with validity dates', () => {
  const v = NOTICE_METHOD_VALIDITY;

  it('accepts the paper 被保険者証 up to 2025-12-01 (inclusive) and refuses it after, naming the method and the date in both languages', () => {
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2025-12-01', v, '06139018'))).toBeUndefined();
    const refused = failure(() => requireMethodValidOn('health-insurance-card', '2025-12-02', v, '06139018'));
    expect(refused).toMatchObject({ code: 'method-not-valid-on-date', status: 422, field: 'method' });
    expect(refused?.message).toContain('health-insurance-card');
    expect(refused?.message).toContain('up to 2025-12-01');
    expect(refused?.message).toContain('被保険者証');
    expect(refused?.message).toContain('2025-12-01まで');
  });

  it('accepts the Mynaportal screen from 2024-01-31, and the card with the notice and the 資格確認書 from 2024-12-02', () => {
    expect(failure(() => requireMethodValidOn('mynaportal-screen', '2024-01-30', v))?.message).toContain('from 2024-01-31');
    expect(failure(() => requireMethodValidOn('mynaportal-screen', '2024-01-31', v))).toBeUndefined();
    for (const method of ['myna-card-with-notice', 'eligibility-certificate'] as const) {
      expect(failure(() => requireMethodValidOn(method, '2024-12-01', v))?.message).toContain('2024-12-02以降');
      expect(failure(() => requireMethodValidOn(method, '2024-12-02', v))).toBeUndefined();
    }
  });

  it('gives 国保 (6-digit) and 後期高齢者医療 (法別番号 39) paper cards the configured grace, and no one else', () => {
    const grace = { ...v, healthInsuranceCardGraceUntil: '2026-03-31' };
    expect(isRegionalInsurer('131011')).toBe(true);
    expect(isRegionalInsurer('39131016')).toBe(true);
    expect(isRegionalInsurer('01130012')).toBe(false);
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2026-03-31', grace, '131011'))).toBeUndefined();
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2026-03-31', grace, '39131016'))).toBeUndefined();
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2026-04-01', grace, '131011'))?.message).toContain('2026-03-31');
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2026-03-31', grace, '01130012'))?.code).toBe(
      'method-not-valid-on-date',
    );
    // Without a grace setting the 国保 card ends with the others.
    expect(failure(() => requireMethodValidOn('health-insurance-card', '2025-12-02', v, '131011'))?.code).toBe('method-not-valid-on-date');
  });

  it('offers only the methods valid on the checkup date', () => {
    expect(methodsValidOn('2024-06-01', v)).toEqual(['mynaportal-screen', 'health-insurance-card']);
    expect(methodsValidOn('2025-06-01', v)).toEqual([
      'mynaportal-screen',
      'myna-card-with-notice',
      'eligibility-certificate',
      'health-insurance-card',
    ]);
    expect(methodsValidOn('2026-11-24', v)).toEqual(['mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate']);
    expect(methodsValidOn('2026-01-15', { ...v, healthInsuranceCardGraceUntil: '2026-03-31' })).toContain('health-insurance-card');
  });
});
