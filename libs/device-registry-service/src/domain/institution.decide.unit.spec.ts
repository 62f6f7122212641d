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
        { institutionNumber, name: 'x', checkupKinds: ['specific-checkup'], registeredAt: at.toISOString(), registeredBy: 'ops' },
      ],
    ]);
    const prefecture48 = { institutionNumber: '4820000001', name: 'x', registeredBy: 'ops' }; // invalid: prefecture 48
    expect(() => registerInstitution(prefecture48, at)).toThrow(expect.objectContaining({ code: 'invalid-institution-number' }));
  });

  it('records and announces the days and hours and a 既存型 資格確認端末 for the 実施機関一覧表', () => {
    const institutionNumber = withInstitutionCheckDigit('131123456');
    const { state, events } = registerInstitution(
      {
        institutionNumber,
        name: 'x',
        registeredBy: 'ops',
        openingHours: [{ days: ['mon', 'tue', 'mon'], from: '09:00', to: '17:00' }],
        openingNote: '祝日休み',
        existingTypeTerminal: true,
      },
      at,
    );
    const listing = {
      openingHours: [{ days: ['mon', 'tue'], from: '09:00', to: '17:00' }],
      openingNote: '祝日休み',
      existingTypeTerminal: true,
    };
    expect(state).toMatchObject(listing);
    expect(events[0]!.data).toEqual({ institutionNumber, name: 'x', ...listing, registeredAt: at.toISOString(), registeredBy: 'ops' });
    const withoutTerminal = registerInstitution({ institutionNumber, name: 'x', registeredBy: 'ops', existingTypeTerminal: false }, at);
    expect(withoutTerminal.events[0]!.data).toMatchObject({ existingTypeTerminal: false });
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
