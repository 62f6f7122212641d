import { withInstitutionCheckDigit } from '@hcv/domain';
import { InMemoryInstitutionDirectory } from '../persistence/institution-directory.memory';
import { RecordInstitutionHandler } from './record-institution.handler';

const institutionNumber = withInstitutionCheckDigit('131123456');

describe('record institution (handler)', () => {
  it('keeps a v2 registration’s listing (not who registered it) and counts the institution’s active devices', async () => {
    const directory = new InMemoryInstitutionDirectory();
    const handler = new RecordInstitutionHandler(directory);
    await handler.registered({
      institutionNumber,
      name: '東京健診センター',
      openingHours: [{ days: ['mon'], from: '09:00', to: '17:00' }],
      existingTypeTerminal: true,
      registeredAt: '2026-04-01T00:00:00.000Z',
      registeredBy: 'ops',
    });
    expect((await directory.find([institutionNumber])).get(institutionNumber)).toEqual({
      institutionNumber,
      name: '東京健診センター',
      openingHours: [{ days: ['mon'], from: '09:00', to: '17:00' }],
      existingTypeTerminal: true,
      registeredAt: '2026-04-01T00:00:00.000Z',
    });
    const change = { by: 'ops', reason: 'x' };
    await handler.activated({
      deviceId: 'd1',
      institutionNumber,
      siteId: 's',
      kind: 'pc',
      activatedAt: '2026-11-24T09:00:00.000Z',
      activatedBy: 'ops',
    });
    await handler.activated({
      deviceId: 'd2',
      institutionNumber,
      siteId: 's',
      kind: 'pc',
      activatedAt: '2026-11-24T09:00:00.000Z',
      activatedBy: 'ops',
    });
    await handler.suspended({ deviceId: 'd1', at: '2026-11-24T10:00:00.000Z', ...change });
    expect((await directory.activeDevices([institutionNumber])).get(institutionNumber)).toBe(1);
    await handler.retired({ deviceId: 'd2', at: '2026-11-24T10:00:00.000Z', ...change });
    expect((await directory.activeDevices([institutionNumber])).get(institutionNumber)).toBeUndefined();
  });

  it('keeps a v1 checkup institution by number and name; a v1 insurer row (its code as number) is no institution', async () => {
    const directory = new InMemoryInstitutionDirectory();
    const handler = new RecordInstitutionHandler(directory);
    const base = { name: 'x', registeredAt: '2026-04-01T00:00:00.000Z', registeredBy: 'ops' };
    await handler.registeredV1({ institutionNumber, kind: 'checkup-institution', ...base });
    await handler.registeredV1({ institutionNumber: 'KENPO0422', kind: 'insurer', insurerNumber: '01130012', ...base });
    expect([...(await directory.find([institutionNumber, 'KENPO0422'])).keys()]).toEqual([institutionNumber]);
  });
});
