import { institutionNumber, registry } from '../device-registry.fixture';

describe('get an institution', () => {
  it('answers the stored institution, or institution-not-found', async () => {
    const r = registry();
    const stored = await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    expect(await r.getInstitution.execute(institutionNumber)).toEqual(stored);
    await expect(r.getInstitution.execute('2721234565')).rejects.toMatchObject({ code: 'institution-not-found', status: 404 });
  });
});
