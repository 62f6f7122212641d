import { dateField, insurerNumberField, voucherNumberField } from './fields';
import { checkAlternative, checkReported, checkStaff, emptyAlternativeDraft, emptyReportedDraft } from './identity-form';
import { checkVoucher, emptyVoucherDraft, partsFor } from './voucher-form';

describe('fields as typed', () => {
  it('judges the insurer number’s check digit as soon as its digits are there', () => {
    expect(insurerNumberField('0113')).toEqual({ state: 'incomplete' });
    expect(insurerNumberField('01130012')).toEqual({ state: 'ok', value: '01130012' });
    expect(insurerNumberField('０１１３００１２')).toEqual({ state: 'ok', value: '01130012' });
    expect(insurerNumberField('01130013')).toEqual({ state: 'invalid', problem: 'insurer-check-digit' });
    // 6 digits: a 国保 number, or the start of an 8-digit one — judged when the field is left
    expect(insurerNumberField('131011')).toEqual({ state: 'ok', value: '131011' });
    expect(insurerNumberField('131012')).toEqual({ state: 'incomplete' });
    expect(insurerNumberField('131012', true)).toEqual({ state: 'invalid', problem: 'insurer-check-digit' });
    expect(insurerNumberField('00131011')).toEqual({ state: 'ok', value: '131011' });
    expect(insurerNumberField('0113001a')).toEqual({ state: 'invalid', problem: 'insurer-format' });
    expect(insurerNumberField('0113', true)).toEqual({ state: 'invalid', problem: 'insurer-format' });
  });

  it('takes a voucher number of 11 digits, spaces and full-width digits folded', () => {
    expect(voucherNumberField('2600 0001')).toEqual({ state: 'incomplete' });
    expect(voucherNumberField('26000001234')).toEqual({ state: 'ok', value: '26000001234' });
    expect(voucherNumberField('２６０００００１２３４')).toEqual({ state: 'ok', value: '26000001234' });
    expect(voucherNumberField('260000012345')).toEqual({ state: 'invalid', problem: 'voucher-number' });
    expect(voucherNumberField('2600', true)).toEqual({ state: 'invalid', problem: 'voucher-number' });
  });

  it('reads dates as printed and refuses days that do not exist', () => {
    expect(dateField('2027/3/31')).toEqual({ state: 'ok', value: '2027-03-31' });
    expect(dateField('2027年3月31日')).toEqual({ state: 'ok', value: '2027-03-31' });
    expect(dateField('2027-02-30')).toEqual({ state: 'invalid', problem: 'date' });
    expect(dateField('2027-0')).toEqual({ state: 'incomplete' });
    expect(dateField('2027-0', true)).toEqual({ state: 'invalid', problem: 'date' });
  });
});

describe('the voucher form', () => {
  const filled = () => ({
    ...emptyVoucherDraft('specific-checkup'),
    insurerNumber: '01130012',
    voucherNumber: '26000001234',
    validUntil: '2027-03-31',
    copayments: {
      basic: { kind: 'fixed' as const, value: '1,000' },
      detailed: { kind: 'none' as const, value: '' },
      additional: { kind: '' as const, value: '' },
    },
  });

  it('offers the parts of the purpose’s voucher', () => {
    expect(partsFor('specific-checkup')).toEqual(['basic', 'detailed', 'additional']);
    expect(partsFor('specific-guidance')).toEqual(['guidance']);
    expect(emptyVoucherDraft('specific-guidance').voucherKind).toBe('guidance');
  });

  it('shows only wrong values while typing, and what is missing once submitted', () => {
    const draft = { ...emptyVoucherDraft('specific-checkup'), insurerNumber: '01130013' }; // wrong check digit, on purpose
    expect(checkVoucher(draft, { final: false })).toEqual({ problems: { insurerNumber: 'insurer-check-digit' } });
    expect(checkVoucher(draft, { final: true }).problems).toEqual({
      insurerNumber: 'insurer-check-digit',
      voucherNumber: 'required',
      validUntil: 'required',
      copayments: 'required',
    });
  });

  it('gives the voucher as printed, 窓口負担 part by part', () => {
    expect(checkVoucher(filled(), { final: true })).toEqual({
      voucher: {
        insurerNumber: '01130012',
        voucherNumber: '26000001234',
        voucherKind: 'checkup',
        validUntil: '2027-03-31',
        copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
      },
      problems: {},
    });
  });

  it('asks for the insurer’s upper limit when a part is paid up to it, and a level on a 利用券', () => {
    const upper = { ...filled(), copayments: { basic: { kind: 'upper-limit' as const, value: '' } } };
    expect(checkVoucher(upper, { final: true }).problems).toEqual({ insurerUpperLimit: 'required' });
    expect(checkVoucher({ ...upper, insurerUpperLimit: '5000' }, { final: true }).voucher?.insurerUpperLimit).toBe(5000);
    const guidance = {
      ...emptyVoucherDraft('specific-guidance'),
      insurerNumber: '33120015',
      voucherNumber: '26000001234',
      validUntil: '2027-03-31',
    };
    guidance.copayments = { guidance: { kind: 'none', value: '' } };
    expect(checkVoucher(guidance, { final: true }).problems).toEqual({ guidanceLevel: 'required' });
    expect(checkVoucher({ ...guidance, guidanceLevel: 'motivational' }, { final: true }).voucher?.guidanceLevel).toBe('motivational');
    const rate = { ...filled(), copayments: { basic: { kind: 'rate' as const, value: '110' } } };
    expect(checkVoucher(rate, { final: false }).problems).toEqual({ 'copayment.basic': 'percent' });
  });
});

describe('identity forms', () => {
  const at = '2026-12-06T10:00:00.000+09:00';

  it('transcribes what the national app showed; validity 1–3 need the qualification', () => {
    const draft = {
      ...emptyReportedDraft(),
      insurerNumber: '01130012',
      insurerName: '協会けんぽ',
      number: '1234',
      name: '山田 太郎',
      nameKana: 'ヤマダ タロウ',
      birthDate: '1970/4/1',
      branch: '01',
      sex: 'male' as const,
      relationship: 'insured' as const,
      validFrom: '2020-04-01',
    };
    expect(checkReported(draft, { final: true, confirmedAt: at })).toEqual({
      reported: {
        validity: 'valid',
        confirmedAt: at,
        insurerNumber: '01130012',
        insurerName: '協会けんぽ',
        number: '1234',
        name: '山田 太郎',
        nameKana: 'ヤマダ タロウ',
        birthDate: '1970-04-01',
        branch: '01',
        sex: 'male',
        relationship: 'insured',
        validFrom: '2020-04-01',
      },
      problems: {},
    });
    expect(checkReported({ ...emptyReportedDraft() }, { final: true, confirmedAt: at }).problems).toEqual({
      insurerNumber: 'required',
      insurerName: 'required',
      number: 'required',
      branch: 'required',
      name: 'required',
      nameKana: 'required',
      birthDate: 'required',
      sex: 'required',
      relationship: 'required',
      acquiredOn: 'required',
    });
    expect(checkReported({ ...emptyReportedDraft(), validity: 'no-match' }, { final: true, confirmedAt: at }).reported).toEqual({
      validity: 'no-match',
      confirmedAt: at,
    });
  });

  it('transcribes an alternative document and needs its kind', () => {
    const draft = { ...emptyAlternativeDraft(), insurerNumber: '131011', number: '55', name: '佐藤 花子', birthDate: '1965-01-02' };
    expect(checkAlternative(draft, { final: true }).problems).toEqual({ method: 'required' });
    expect(
      checkAlternative({ ...draft, method: 'eligibility-certificate', validUntil: '2027-07-31' }, { final: true }).alternative,
    ).toEqual({
      method: 'eligibility-certificate',
      eligibility: {
        insurerNumber: '131011',
        symbol: '',
        number: '55',
        name: '佐藤 花子',
        birthDate: '1965-01-02',
        validUntil: '2027-07-31',
      },
    });
  });

  it('names the staff member of a 目視確認', () => {
    expect(checkStaff('', true)).toBe('required');
    expect(checkStaff('', false)).toBeUndefined();
    expect(checkStaff('受付 鈴木', true)).toBeUndefined();
    expect(checkStaff('x'.repeat(65), false)).toBe('staff');
  });
});
