import type { ReportedEligibility } from '@hcv/contracts';
import { aQualification, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { NO_REPORT_REASON, resultOfReport } from './device-report.decide';

const CHECKUP = '2026-11-24';

/** What the national app showed for the example member (aQualification()), valid. */
const aReport = (overrides: Partial<ReportedEligibility> = {}): ReportedEligibility => ({
  validity: 'valid',
  insurerNumber: EXAMPLE_INSURER_NUMBER,
  insurerName: '第1健康保険組合',
  symbol: '1234',
  number: '0012345',
  branch: '00',
  name: '佐藤　太郎',
  nameKana: 'サトウ　タロウ',
  birthDate: '1970-05-01',
  sex: 'male',
  relationship: 'insured',
  acquiredOn: '2010-04-01',
  confirmedAt: '2026-11-24T10:02:00+09:00',
  ...overrides,
});

describe('a device report (限定型) as the answer, by 資格有効性', () => {
  it('1 有効 → eligible with the qualification the app showed', () => {
    expect(resultOfReport(aReport(), CHECKUP)).toEqual({ status: 'eligible', qualification: aQualification() });
  });

  it('2 無効 → lost on 有効終了日 when the app showed one', () => {
    expect(resultOfReport(aReport({ validity: 'invalid', validUntil: '2026-09-30' }), CHECKUP)).toEqual({
      status: 'lost',
      qualification: aQualification({ lostOn: '2026-09-30' }),
      lostOn: '2026-09-30',
    });
  });

  it('2 無効 without an end date → lost by the checkup date (the app found it invalid)', () => {
    expect(resultOfReport(aReport({ validity: 'invalid' }), CHECKUP)).toMatchObject({ status: 'lost', lostOn: CHECKUP });
  });

  it('3 無効（新しい資格あり） → changed-insurer (the new insurer’s voucher is needed), with the end date when shown', () => {
    expect(resultOfReport(aReport({ validity: 'invalid-newer-exists', validUntil: '2026-09-30' }), CHECKUP)).toEqual({
      status: 'changed-insurer',
      qualification: aQualification({ lostOn: '2026-09-30' }),
      lostOn: '2026-09-30',
    });
    expect(resultOfReport(aReport({ validity: 'invalid-newer-exists' }), CHECKUP)).toEqual({
      status: 'changed-insurer',
      qualification: aQualification(),
    });
  });

  it('4 該当資格なし → not-found', () => {
    expect(resultOfReport({ validity: 'no-match', confirmedAt: '2026-11-24T10:02:00+09:00' }, CHECKUP)).toEqual({ status: 'not-found' });
  });

  it('5 複数該当 → multiple, with the count the app gave or at least 2', () => {
    expect(resultOfReport({ validity: 'multiple', candidates: 3, confirmedAt: '2026-11-24T10:02:00+09:00' }, CHECKUP)).toEqual({
      status: 'multiple',
      candidates: 3,
    });
    expect(resultOfReport({ validity: 'multiple', confirmedAt: '2026-11-24T10:02:00+09:00' }, CHECKUP)).toEqual({
      status: 'multiple',
      candidates: 2,
    });
  });
});

describe('a device report normalised', () => {
  it('folds a 6-digit 国保 number written as "00" + 6 to its 6 digits', () => {
    const result = resultOfReport(aReport({ insurerNumber: '00131011' }), CHECKUP);
    expect(result).toMatchObject({ status: 'eligible', qualification: { insurerNumber: '131011' } });
  });

  it('trims 記号・番号 and names as typed from the screen', () => {
    const result = resultOfReport(aReport({ symbol: ' 1234 ', number: '0012345 ', name: ' 佐藤　太郎' }), CHECKUP);
    expect(result).toEqual({ status: 'eligible', qualification: aQualification() });
  });

  it('takes 有効開始日 as the acquired date when the app showed only that', () => {
    const { acquiredOn: _shown, ...withoutAcquired } = aReport();
    expect(resultOfReport({ ...withoutAcquired, validFrom: '2012-04-01' }, CHECKUP)).toMatchObject({
      qualification: { acquiredOn: '2012-04-01' },
    });
  });
});

describe('a device report refused ("unavailable" with the reason, never guessed)', () => {
  it('when the insurer number fails its check digit', () => {
    const result = resultOfReport(aReport({ insurerNumber: '06139017' }), CHECKUP); // the example insurer, wrong check digit (…8)
    expect(result).toEqual({
      status: 'unavailable',
      reason: "the device's report of the national app has a 保険者番号 (insurerNumber) that fails its check digit",
    });
  });

  it('when a field the qualification needs was left out, naming the fields and no value', () => {
    const { nameKana: _kana, branch: _branch, ...partial } = aReport();
    const result = resultOfReport(partial as ReportedEligibility, CHECKUP);
    expect(result).toEqual({
      status: 'unavailable',
      reason: "the device's report of the national app lacks 枝番 (branch), フリガナ (nameKana)",
    });
    expect(JSON.stringify(result)).not.toContain('0012345');
  });

  it('says what is missing when a device-reported institution gets no report', () => {
    expect(NO_REPORT_REASON).toMatch(/national app on the device \(限定型\)/);
    expect(NO_REPORT_REASON.length).toBeLessThanOrEqual(200);
  });
});
