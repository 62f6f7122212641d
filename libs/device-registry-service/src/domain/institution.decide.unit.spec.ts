import { withInstitutionCheckDigit } from '@hcv/domain';
import { registerInstitution } from './institution.decide';

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

  it('names what is wrong with a refused number, whatever the rule calls the problem', () => {
    expect(() => registerInstitution({ institutionNumber: '13112345', name: 'x', registeredBy: 'ops' }, at)).toThrow(
      expect.objectContaining({
        code: 'invalid-institution-number',
        field: 'institutionNumber',
        message: expect.stringContaining('10 digits'),
      }),
    );
  });
});
