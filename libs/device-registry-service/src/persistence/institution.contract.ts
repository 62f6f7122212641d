// The institution repository's behaviour as one list of cases, run on both adapters: the memory one
// (institution.memory.unit.spec.ts) and the MongoDB one (institution.mongo.int.spec.ts). Not a test
// file by itself: the specs of the adapters call it. Numbers are unique per case, so cases sharing
// one database never see each other's institutions.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import type { Institution, InstitutionRepository } from './institution.repository';

export type InstitutionRepositoryFactory = () => Promise<{ repo: InstitutionRepository; cleanup?: () => Promise<void> }>;

const entry = (id: string, n: number): OutboxEntry => ({
  eventId: `${id}-e${n}`,
  topic: 'institution.registered.v1',
  key: id,
  value: JSON.stringify({ n }),
  headers: {},
  stagedAt: '2026-11-24T08:00:00.000Z',
});

export function institutionRepositoryContract(make: InstitutionRepositoryFactory): void {
  let run: { repo: InstitutionRepository; cleanup?: () => Promise<void> };
  let tag: string;
  beforeEach(async () => {
    run = await make();
    tag = randomUUID().slice(0, 8);
  });
  afterEach(async () => run.cleanup?.());

  const checkup = (institutionNumber: string, over: Partial<Institution> = {}): Institution => ({
    institutionNumber,
    kind: 'checkup-institution',
    name: 'x',
    status: 'active',
    registeredAt: '2026-11-24T08:00:00.000Z',
    ...over,
  });
  const insurer = (institutionNumber: string, insurerNumber: string, over: Partial<Institution> = {}): Institution =>
    checkup(institutionNumber, { kind: 'insurer', insurerNumber, ...over });

  it('registers once and reads back what it stored, listing details included', async () => {
    const { repo } = run;
    const stored = checkup(`${tag}-1`, {
      postalCode: '100-0013',
      address: '東京都千代田区霞が関1-2-2',
      phone: '03-1234-5678',
      checkupKinds: ['specific-checkup', 'specific-guidance'],
    });
    await repo.insert(stored);
    await expect(repo.insert(checkup(`${tag}-1`, { name: 'other' }))).rejects.toMatchObject({
      code: 'institution-already-registered',
      status: 409,
    });
    expect(await repo.get(`${tag}-1`)).toEqual(stored);
    expect(await repo.get(`${tag}-none`)).toBeNull();
  });

  it('writes only over the status it was decided on', async () => {
    const { repo } = run;
    const active = insurer(`${tag}-code`, `${tag}-ins`);
    await repo.insert(active);
    const withdrawn: Institution = { ...active, status: 'withdrawn', withdrawnAt: '2026-11-24T09:00:00.000Z', withdrawalReason: 'closed' };
    expect(await repo.write(active, withdrawn)).toEqual(withdrawn);
    expect(await repo.write(active, { ...active, name: 'stale' })).toBeNull(); // decided on a stale copy
    expect(await repo.get(active.institutionNumber)).toEqual(withdrawn);
    expect(await repo.write(checkup(`${tag}-none`), checkup(`${tag}-none`, { name: 'y' }))).toBeNull();
  });

  it('lists every institution, active or withdrawn, by number', async () => {
    const { repo } = run;
    for (const i of [checkup(`${tag}-2`), insurer(`${tag}-3`, `${tag}-ins`, { status: 'withdrawn' }), checkup(`${tag}-1`)])
      await repo.insert(i);
    const mine = (await repo.list()).filter((i) => i.institutionNumber.startsWith(tag));
    expect(mine.map((i) => [i.institutionNumber, i.status])).toEqual([
      [`${tag}-1`, 'active'],
      [`${tag}-2`, 'active'],
      [`${tag}-3`, 'withdrawn'],
    ]);
    expect(mine[0]).not.toHaveProperty('outbox', expect.anything());
  });

  it('keeps the events of each write with the institution until they are marked sent, never in what it reads', async () => {
    const { repo } = run;
    const active = insurer(`${tag}-code`, `${tag}-ins`);
    await repo.insert(active, [entry(active.institutionNumber, 1)]);
    const withdrawn: Institution = { ...active, status: 'withdrawn' };
    await repo.write(active, withdrawn, [entry(active.institutionNumber, 2)]);
    expect((await repo.outbox.entriesOf(active.institutionNumber)).map((e) => e.eventId)).toEqual([`${tag}-code-e1`, `${tag}-code-e2`]);
    await repo.outbox.markSent(active.institutionNumber, [`${tag}-code-e1`, `${tag}-code-e2`]);
    expect(await repo.outbox.entriesOf(active.institutionNumber)).toEqual([]);
    expect(await repo.get(active.institutionNumber)).toEqual(withdrawn);
  });
}
