// The institution directory's behaviour as one list of cases, run on the memory adapter
// (institution-directory.memory.unit.spec.ts) and on MongoDB (institution-directory.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import { withInstitutionCheckDigit } from '@hcv/domain';
import type { InstitutionDirectory, ListedInstitution } from './institution-directory.repository';

/** A valid institution number no other case uses (tests share one database). */
const aNumber = () => withInstitutionCheckDigit(`131${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`);

const anInstitution = (overrides: Partial<ListedInstitution> = {}): ListedInstitution => ({
  institutionNumber: aNumber(),
  name: '東京健診センター',
  address: '東京都千代田区1-1',
  openingHours: [{ days: ['mon', 'tue'], from: '09:00', to: '17:00' }],
  existingTypeTerminal: true,
  registeredAt: '2026-04-01T00:00:00.000Z',
  ...overrides,
});

export function institutionDirectoryContract(make: () => Promise<{ repo: InstitutionDirectory; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: InstitutionDirectory) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('finds the recorded institutions among the numbers asked for, with their listing; a newer registration wins', () =>
    withRepo(async (repo) => {
      const a = anInstitution();
      const missing = aNumber();
      await repo.record(a);
      await repo.record(a);
      const found = await repo.find([a.institutionNumber, missing]);
      expect([...found.keys()]).toEqual([a.institutionNumber]);
      expect(found.get(a.institutionNumber)).toEqual(a);
      const renamed = { ...a, name: '新名称', registeredAt: '2026-05-01T00:00:00.000Z' };
      await repo.record(renamed);
      await repo.record(a);
      expect((await repo.find([a.institutionNumber])).get(a.institutionNumber)?.name).toBe('新名称');
    }));

  it('knows an insurer running checkups itself by its code once its 導入届 arrived', () =>
    withRepo(async (repo) => {
      const code = `K${randomUUID().slice(0, 8)}`;
      expect(await repo.insurerOf(code)).toBeNull();
      await repo.recordInsurer(code, '01130012');
      await repo.recordInsurer(code, '01130012');
      expect(await repo.insurerOf(code)).toBe('01130012');
    }));

  it('counts active devices per institution, by the newest state whatever the order the events come in', () =>
    withRepo(async (repo) => {
      const [x, y] = [aNumber(), aNumber()];
      const id = () => `dev-${randomUUID().slice(0, 8)}`;
      const [d1, d2, d3, d4] = [id(), id(), id(), id()];
      await repo.setDeviceState(d1, { state: 'active', institutionNumber: x }, '2026-11-24T09:00:00.000Z');
      await repo.setDeviceState(d2, { state: 'active', institutionNumber: x }, '2026-11-24T09:00:00.000Z');
      // d3: its suspension arrives before its activation.
      await repo.setDeviceState(d3, { state: 'suspended' }, '2026-11-24T10:00:00.000Z');
      await repo.setDeviceState(d3, { state: 'active', institutionNumber: x }, '2026-11-24T09:00:00.000Z');
      await repo.setDeviceState(d4, { state: 'active', institutionNumber: y }, '2026-11-24T09:00:00.000Z');
      await repo.setDeviceState(d2, { state: 'retired' }, '2026-11-24T11:00:00.000Z');
      expect(await repo.activeDevices([x, y, aNumber()])).toEqual(
        new Map([
          [x, 1],
          [y, 1],
        ]),
      );
      // Re-activated after a suspension: counted again.
      await repo.setDeviceState(d3, { state: 'active', institutionNumber: x }, '2026-11-24T12:00:00.000Z');
      expect((await repo.activeDevices([x])).get(x)).toBe(2);
      expect(await repo.activeDevices([y]).then((m) => m.get(x))).toBeUndefined();
    }));
}
