// The contract port's behaviour as one list of cases, run on the memory adapter
// (contract.memory.unit.spec.ts) and on MongoDB (contract.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import type { Contract } from '../domain/contract';
import type { ContractRepository } from './contract.repository';

/** A contract of its own insurer and institution, so cases sharing a database never find each other's. */
function aContract(overrides: Partial<Contract> = {}): Contract {
  const unique = randomUUID().slice(0, 8);
  return {
    contractId: `c-${unique}`,
    kind: 'collective-A',
    name: 'Collective contract A 2026',
    insurerNumbers: [`ins-${unique}`],
    institutionNumbers: [`inst-${unique}`],
    purposes: ['specific-checkup'],
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  } as Contract;
}

export function contractRepositoryContract(make: () => Promise<{ repo: ContractRepository; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: ContractRepository) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('reads back a contract as it was put; null for an unknown id', () =>
    withRepo(async (repo) => {
      const contract = aContract();
      await repo.put(contract);
      expect(await repo.get(contract.contractId)).toEqual(contract);
      expect(await repo.get(`missing-${randomUUID()}`)).toBeNull();
    }));

  it('replaces a contract under its id (a new contract year)', () =>
    withRepo(async (repo) => {
      const contract = aContract();
      await repo.put(contract);
      const next = { ...contract, validFrom: '2027-04-01', validUntil: '2028-03-31', updatedAt: '2027-03-01T00:00:00.000Z' };
      await repo.put(next);
      expect(await repo.get(contract.contractId)).toEqual(next);
    }));

  it('finds the contract covering an insurer, an institution and a purpose on a date within its validity (both ends included)', () =>
    withRepo(async (repo) => {
      const contract = aContract();
      await repo.put(contract);
      const query = {
        insurerNumber: contract.insurerNumbers[0]!,
        institutionNumber: contract.institutionNumbers[0]!,
        purpose: 'specific-checkup',
        onDate: '2026-11-24',
      };
      expect(await repo.findCovering(query)).toEqual(contract);
      expect((await repo.findCovering({ ...query, onDate: '2026-04-01' }))?.contractId).toBe(contract.contractId);
      expect((await repo.findCovering({ ...query, onDate: '2027-03-31' }))?.contractId).toBe(contract.contractId);
    }));

  it('finds none when the insurer, the institution, the purpose or the date is outside the contract', () =>
    withRepo(async (repo) => {
      const contract = aContract();
      await repo.put(contract);
      const query = {
        insurerNumber: contract.insurerNumbers[0]!,
        institutionNumber: contract.institutionNumbers[0]!,
        purpose: 'specific-checkup',
        onDate: '2026-11-24',
      };
      expect(await repo.findCovering({ ...query, insurerNumber: 'another-insurer' })).toBeNull();
      expect(await repo.findCovering({ ...query, institutionNumber: 'another-institution' })).toBeNull();
      expect(await repo.findCovering({ ...query, purpose: 'specific-guidance' })).toBeNull();
      expect(await repo.findCovering({ ...query, onDate: '2026-03-31' })).toBeNull();
      expect(await repo.findCovering({ ...query, onDate: '2027-04-01' })).toBeNull();
    }));
}
