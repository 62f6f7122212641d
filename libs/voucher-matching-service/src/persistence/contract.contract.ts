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
    coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
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
      expect(await repo.findCovering(query)).toEqual([contract]);
      expect((await repo.findCovering({ ...query, onDate: '2026-04-01' })).map((c) => c.contractId)).toEqual([contract.contractId]);
      expect((await repo.findCovering({ ...query, onDate: '2027-03-31' })).map((c) => c.contractId)).toEqual([contract.contractId]);
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
      expect(await repo.findCovering({ ...query, insurerNumber: 'another-insurer' })).toEqual([]);
      expect(await repo.findCovering({ ...query, institutionNumber: 'another-institution' })).toEqual([]);
      expect(await repo.findCovering({ ...query, purpose: 'specific-guidance' })).toEqual([]);
      expect(await repo.findCovering({ ...query, onDate: '2026-03-31' })).toEqual([]);
      expect(await repo.findCovering({ ...query, onDate: '2027-04-01' })).toEqual([]);
    }));

  it('finds every covering contract (集合契約A, B and an individual one), ordered by id', () =>
    withRepo(async (repo) => {
      const a = aContract();
      const unique = a.contractId.slice(2);
      const b = aContract({
        contractId: `b-${unique}`,
        kind: 'collective-B',
        coordinator: { id: 'tokyo-ishikai', name: '東京都医師会' },
        insurerNumbers: a.insurerNumbers,
        institutionNumbers: a.institutionNumbers,
      });
      const individual = aContract({
        contractId: `i-${unique}`,
        kind: 'individual',
        coordinator: undefined,
        insurerNumbers: a.insurerNumbers,
        institutionNumbers: a.institutionNumbers,
      });
      delete (individual as Partial<Contract>).coordinator;
      for (const c of [individual, a, b]) await repo.put(c);
      const query = {
        insurerNumber: a.insurerNumbers[0]!,
        institutionNumber: a.institutionNumbers[0]!,
        purpose: 'specific-checkup',
        onDate: '2026-11-24',
      };
      expect(await repo.findCovering(query)).toEqual([b, a, individual]);
    }));

  it('lists every contract naming an insurer, whatever its institutions, purposes and validity, ordered by id', () =>
    withRepo(async (repo) => {
      const first = aContract();
      const insurer = first.insurerNumbers[0]!;
      const later = aContract({ contractId: `${first.contractId}-b`, insurerNumbers: ['01130012', insurer], validUntil: '2026-05-31' });
      const guidance = aContract({ contractId: `${first.contractId}-a`, insurerNumbers: [insurer], purposes: ['specific-guidance'] });
      await repo.put(later);
      await repo.put(first);
      await repo.put(guidance);
      await repo.put(aContract());
      expect(await repo.namingInsurer(insurer)).toEqual([first, guidance, later]);
      expect(await repo.namingInsurer(`none-${randomUUID()}`)).toEqual([]);
    }));

  it('moves its change stamp on every put, also a put of the same contract, and not on reads', () =>
    withRepo(async (repo) => {
      const contract = aContract();
      const before = await repo.changeStamp();
      await repo.put(contract);
      const first = await repo.changeStamp();
      expect(first).not.toBe(before);
      await repo.get(contract.contractId);
      await repo.findCovering({
        insurerNumber: contract.insurerNumbers[0]!,
        institutionNumber: 'x',
        purpose: 'specific-checkup',
        onDate: '2026-11-24',
      });
      expect(await repo.changeStamp()).toBe(first);
      await repo.put(contract);
      expect(await repo.changeStamp()).not.toBe(first);
    }));

  it('keeps a contract’s coordinator, guidance levels and unit prices', () =>
    withRepo(async (repo) => {
      const contract = aContract({
        purposes: ['specific-guidance'],
        guidanceLevels: ['motivational', 'motivational-equivalent'],
        unitPrices: { guidance: 20000, basic: 8000 },
      });
      await repo.put(contract);
      expect(await repo.get(contract.contractId)).toEqual(contract);
    }));
}
