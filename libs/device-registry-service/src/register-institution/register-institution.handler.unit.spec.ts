import { institutionNumber, registry } from '../device-registry.fixture';

describe('register an institution', () => {
  it('refuses institution numbers with a bad prefecture or check digit, with a sentence', async () => {
    const r = registry();
    await expect(
      r.registerInstitution.execute({ institutionNumber: '4820000001', name: 'x', registeredBy: 'ops' }, 'c'), // invalid: prefecture 48
    ).rejects.toMatchObject({
      code: 'invalid-institution-number',
      message: expect.stringMatching(/^institutionNumber: .*prefecture 01–47/),
    });
    const wrong = institutionNumber.slice(0, 9) + String((Number(institutionNumber[9]) + 1) % 10);
    await expect(r.registerInstitution.execute({ institutionNumber: wrong, name: 'x', registeredBy: 'ops' }, 'c')).rejects.toMatchObject({
      code: 'invalid-institution-number',
    });
  });

  it('stores an active institution registered at the clock’s time, once', async () => {
    const r = registry('2026-11-24T09:30:00.000Z');
    const stored = await r.registerInstitution.execute({ institutionNumber, name: '霞が関健診センター', registeredBy: 'ops' }, 'c');
    expect(stored).toMatchObject({
      institutionNumber,
      kind: 'checkup-institution',
      status: 'active',
      registeredAt: '2026-11-24T09:30:00.000Z',
    });
    expect(await r.institutions.get(institutionNumber)).toEqual(stored);
    await expect(r.registerInstitution.execute({ institutionNumber, name: 'again', registeredBy: 'ops' }, 'c')).rejects.toMatchObject({
      code: 'institution-already-registered',
    });
  });
});
