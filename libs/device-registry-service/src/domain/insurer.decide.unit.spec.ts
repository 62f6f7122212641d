import { withInsurerCheckDigit } from '@hcv/domain';
import {
  applyDueWithdrawal,
  fileWithdrawal,
  insurerStatusAt,
  introducedInsurerNumber,
  introduceInsurer,
  recordedCode,
  startOfJapanDate,
  type InsurerEnrolment,
} from './insurer.decide';

const at = new Date('2026-11-24T08:00:00.000Z');
const insurerNumber = withInsurerCheckDigit('0613901');
const notice = {
  insurerNumber,
  insurerName: '第1健康保険組合',
  onlineEligibilityCode: 'C1000123',
  facilities: [{ name: '健保会館健診室', address: '東京都千代田区霞が関1-2-2' }],
  contact: { name: '健保 花子', phone: '03-1234-5678' },
  plannedStartDate: '2026-12-01',
  filedBy: 'ops',
};
const noFacts = { insurerNumber, code: 'C1000123', currentEnrolment: null, codeHolder: null };
const enrolled = (): InsurerEnrolment => introduceInsurer(notice, noFacts, at).state;

describe('insurer rules (導入届 / 廃止届)', () => {
  it('records the code 支払基金 assigned with the form’s fields; the event leaves the contact person out', () => {
    const { state, events } = introduceInsurer({ ...notice, filedFor: '健康保険組合連合会' }, noFacts, at);
    expect(state).toEqual({
      onlineEligibilityCode: 'C1000123',
      insurerNumber,
      name: '第1健康保険組合',
      facilities: notice.facilities,
      contact: notice.contact,
      plannedStartDate: '2026-12-01',
      filedFor: '健康保険組合連合会',
      status: 'active',
      registeredAt: at.toISOString(),
    });
    expect(state).not.toHaveProperty('institutionNumber');
    expect(events.map((e) => [e.contract.topic, e.data])).toEqual([
      [
        'insurer.introduced.v1',
        {
          onlineEligibilityCode: 'C1000123',
          insurerNumber,
          insurerName: '第1健康保険組合',
          facilities: notice.facilities,
          plannedStartDate: '2026-12-01',
          filedAt: at.toISOString(),
          filedBy: 'ops',
          filedFor: '健康保険組合連合会',
        },
      ],
    ]);
    expect(JSON.stringify(events)).not.toContain('健保 花子');
  });

  it('checks the code loosely (its format is not public), folding full width; checks the insurer number’s digit', () => {
    expect(recordedCode(' Ｃ１０００１２３ ')).toBe('C1000123');
    expect(recordedCode('9000000422')).toBe('9000000422');
    for (const bad of ['C-1', 'x'.repeat(21), '番号'])
      expect(() => recordedCode(bad)).toThrow(expect.objectContaining({ code: 'invalid-online-eligibility-code', status: 400 }));
    expect(introducedInsurerNumber({ insurerNumber })).toBe(insurerNumber);
    expect(() =>
      introducedInsurerNumber({ insurerNumber: insurerNumber.slice(0, 7) + String((Number(insurerNumber[7]) + 1) % 10) }),
    ).toThrow(expect.objectContaining({ code: 'invalid-insurer-number' }));
  });

  it('refuses a second code while the first counts, and a code already recorded', () => {
    const current = enrolled();
    expect(() => introduceInsurer(notice, { ...noFacts, code: 'OTHER1', currentEnrolment: current }, at)).toThrow(
      expect.objectContaining({ code: 'insurer-already-enrolled', status: 409 }),
    );
    expect(() =>
      introduceInsurer({ ...notice, insurerNumber: withInsurerCheckDigit('0613902') }, { ...noFacts, codeHolder: current }, at),
    ).toThrow(expect.objectContaining({ code: 'online-eligibility-code-already-registered', status: 409 }));
    // Once the first code's withdrawal is effective (swept or not), a new introduction is accepted.
    const leaving = fileWithdrawal(
      { onlineEligibilityCode: 'C1000123', effectiveDate: '2026-11-20', filedBy: 'ops', reason: 'x' },
      current,
      at,
    ).state;
    expect(() => introduceInsurer(notice, { ...noFacts, code: 'NEW1', currentEnrolment: leaving }, at)).not.toThrow();
  });

  it('a withdrawal takes effect from the first instant of its date in Japan time, announced when filed', () => {
    expect(startOfJapanDate('2027-04-01').toISOString()).toBe('2027-03-31T15:00:00.000Z');
    const command = { onlineEligibilityCode: 'C1000123', effectiveDate: '2027-04-01', filedBy: 'ops', reason: 'stops running checkups' };
    const { state, events } = fileWithdrawal(command, enrolled(), at);
    expect(state).toMatchObject({
      status: 'active',
      withdrawal: { effectiveDate: '2027-04-01', effectiveFrom: '2027-03-31T15:00:00.000Z', filedAt: at.toISOString(), filedBy: 'ops' },
    });
    expect(events.map((e) => [e.contract.topic, e.data])).toEqual([
      [
        'insurer.withdrawn.v1',
        {
          onlineEligibilityCode: 'C1000123',
          insurerNumber,
          effectiveDate: '2027-04-01',
          effectiveFrom: '2027-03-31T15:00:00.000Z',
          filedAt: at.toISOString(),
          filedBy: 'ops',
          reason: 'stops running checkups',
        },
      ],
    ]);
    expect(insurerStatusAt(state, new Date('2027-03-31T14:59:59.999Z'))).toBe('active');
    expect(insurerStatusAt(state, new Date('2027-03-31T15:00:00.000Z'))).toBe('withdrawn');
    expect(() => fileWithdrawal(command, state, at)).toThrow(expect.objectContaining({ code: 'already-withdrawn', status: 409 }));
  });

  it('the sweep applies a withdrawal once its date has come, without an event, and only then', () => {
    const filed = fileWithdrawal(
      { onlineEligibilityCode: 'C1000123', effectiveDate: '2027-04-01', filedBy: 'ops', reason: 'x' },
      enrolled(),
      at,
    ).state;
    expect(applyDueWithdrawal(filed, new Date('2027-03-31T14:00:00Z'))).toEqual({ state: filed, events: [] });
    const applied = applyDueWithdrawal(filed, new Date('2027-03-31T15:00:00Z'));
    expect(applied).toEqual({ state: { ...filed, status: 'withdrawn' }, events: [] });
    expect(applyDueWithdrawal(applied.state, new Date('2027-05-01T00:00:00Z')).state).toBe(applied.state);
  });
});
