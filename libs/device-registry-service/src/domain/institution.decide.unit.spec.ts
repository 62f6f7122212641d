import { withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';
import {
  introducedInsurerNumber,
  introduceInsurer,
  refuseSecondEnrolment,
  registerInstitution,
  withdrawInsurer,
} from './institution.decide';

const at = new Date('2026-11-24T08:00:00.000Z');

describe('institution rules', () => {
  it('registers a checkup institution with its listing details, announcing it', () => {
    const institutionNumber = withInstitutionCheckDigit('131123456');
    const { state, events } = registerInstitution(
      { institutionNumber, name: 'x', registeredBy: 'ops', checkupKinds: ['specific-checkup', 'specific-checkup'] },
      at,
    );
    expect(state).toMatchObject({
      institutionNumber,
      kind: 'checkup-institution',
      status: 'active',
      registeredAt: at.toISOString(),
      checkupKinds: ['specific-checkup'],
    });
    expect(events.map((e) => [e.contract.type, e.data])).toEqual([
      [
        'institution.registered',
        { institutionNumber, kind: 'checkup-institution', name: 'x', registeredAt: at.toISOString(), registeredBy: 'ops' },
      ],
    ]);
    const prefecture48 = { institutionNumber: '4820000001', name: 'x', registeredBy: 'ops' }; // invalid: prefecture 48
    expect(() => registerInstitution(prefecture48, at)).toThrow(expect.objectContaining({ code: 'invalid-institution-number' }));
  });

  it('an introduction notice: a valid insurer number, one active code per insurer', () => {
    const insurerNumber = withInsurerCheckDigit('0613901');
    const command = { insurerNumber, insurerName: '第1健康保険組合', filedBy: 'insurer' };
    expect(introducedInsurerNumber(command)).toBe(insurerNumber);
    expect(() =>
      introducedInsurerNumber({ ...command, insurerNumber: insurerNumber.slice(0, 7) + String((Number(insurerNumber[7]) + 1) % 10) }),
    ).toThrow(expect.objectContaining({ code: 'invalid-insurer-number' }));
    const enrolled = introduceInsurer(command, { insurerNumber, code: 'CODE-1' }, at);
    expect(enrolled.state).toMatchObject({ institutionNumber: 'CODE-1', kind: 'insurer', insurerNumber, status: 'active' });
    expect(() => refuseSecondEnrolment(insurerNumber, enrolled.state)).toThrow(
      expect.objectContaining({ code: 'insurer-already-enrolled' }),
    );
    expect(() => refuseSecondEnrolment(insurerNumber, null)).not.toThrow();
  });

  it('a withdrawal notice ends an active insurer code once; a checkup institution has no code', () => {
    const insurer = introduceInsurer(
      { insurerNumber: 'x', insurerName: 'x', filedBy: 'i' },
      { insurerNumber: withInsurerCheckDigit('0613901'), code: 'CODE-1' },
      at,
    ).state;
    const command = { onlineEligibilityCode: 'CODE-1', filedBy: 'insurer', reason: 'no longer runs checkups' };
    const { state, events } = withdrawInsurer(command, insurer, at);
    expect(state).toMatchObject({ status: 'withdrawn', withdrawnAt: at.toISOString(), withdrawalReason: command.reason });
    expect(events.map((e) => e.contract.type)).toEqual(['institution.withdrawn']);
    expect(() => withdrawInsurer(command, state, at)).toThrow(expect.objectContaining({ code: 'already-withdrawn' }));
    const checkup = registerInstitution(
      { institutionNumber: withInstitutionCheckDigit('131123456'), name: 'x', registeredBy: 'ops' },
      at,
    ).state;
    expect(() => withdrawInsurer(command, checkup, at)).toThrow(expect.objectContaining({ status: 404 }));
  });
});
