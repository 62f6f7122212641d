// The insurer repository's behaviour as one list of cases, run on both adapters: the memory one
// (insurer.memory.unit.spec.ts) and the MongoDB one (insurer.mongo.int.spec.ts). Not a test file by
// itself: the specs of the adapters call it. Codes are unique per case, so cases sharing one
// database never see each other's enrolments.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import type { InsurerEnrolment, InsurerRepository } from './insurer.repository';

export type InsurerRepositoryFactory = () => Promise<{ repo: InsurerRepository; cleanup?: () => Promise<void> }>;

const entry = (id: string, n: number): OutboxEntry => ({
  eventId: `${id}-e${n}`,
  topic: 'insurer.introduced.v1',
  key: id,
  value: JSON.stringify({ n }),
  headers: {},
  stagedAt: '2026-11-24T08:00:00.000Z',
});

export function insurerRepositoryContract(make: InsurerRepositoryFactory): void {
  let run: { repo: InsurerRepository; cleanup?: () => Promise<void> };
  let tag: string;
  beforeEach(async () => {
    run = await make();
    tag = randomUUID().slice(0, 8);
  });
  afterEach(async () => run.cleanup?.());

  const enrolment = (code: string, insurerNumber: string, over: Partial<InsurerEnrolment> = {}): InsurerEnrolment => ({
    onlineEligibilityCode: code,
    insurerNumber,
    name: '直営健保',
    facilities: [{ name: 'hall', address: '東京都千代田区霞が関1-2-2' }, { name: 'annex' }],
    contact: { name: '健保 花子', phone: '03-1234-5678' },
    plannedStartDate: '2026-12-01',
    status: 'active',
    registeredAt: '2026-11-24T08:00:00.000Z',
    ...over,
  });
  const withdrawal = (effectiveFrom: string) => ({
    effectiveDate: effectiveFrom.slice(0, 10),
    effectiveFrom,
    filedAt: '2026-11-24T08:00:00.000Z',
    filedBy: 'ops',
    reason: 'closed',
  });

  it('records a code once and reads back what it stored, the form’s fields included', async () => {
    const { repo } = run;
    const stored = enrolment(`${tag}A`, `${tag}-ins`, { filedFor: '健康保険組合連合会', checkupKinds: ['specific-checkup'] });
    await repo.insert(stored);
    await expect(repo.insert(enrolment(`${tag}A`, `${tag}-other`))).rejects.toMatchObject({
      code: 'online-eligibility-code-already-registered',
      status: 409,
    });
    expect(await repo.get(`${tag}A`)).toEqual(stored);
    expect(await repo.get(`${tag}none`)).toBeNull();
  });

  it('writes only over the status and withdrawal it was decided on', async () => {
    const { repo } = run;
    const active = enrolment(`${tag}B`, `${tag}-ins`);
    await repo.insert(active);
    const filed = { ...active, withdrawal: withdrawal('2026-11-30T15:00:00.000Z') };
    expect(await repo.write(active, filed)).toEqual(filed);
    expect(await repo.write(active, { ...active, name: 'stale' })).toBeNull(); // decided before the withdrawal was filed
    const applied: InsurerEnrolment = { ...filed, status: 'withdrawn' };
    expect(await repo.write(filed, applied)).toEqual(applied);
    expect(await repo.write(filed, { ...filed, name: 'stale' })).toBeNull();
    expect(await repo.get(active.onlineEligibilityCode)).toEqual(applied);
    expect(await repo.write(enrolment(`${tag}none`, 'x'), enrolment(`${tag}none`, 'y'))).toBeNull();
  });

  it('finds an insurer’s active enrolment only', async () => {
    const { repo } = run;
    const insurerNumber = `${tag}-ins`;
    expect(await repo.activeEnrolment(insurerNumber)).toBeNull();
    await repo.insert(enrolment(`${tag}old`, insurerNumber, { status: 'withdrawn' }));
    expect(await repo.activeEnrolment(insurerNumber)).toBeNull();
    const current = enrolment(`${tag}new`, insurerNumber);
    await repo.insert(current);
    await repo.insert(enrolment(`${tag}x`, `${tag}-other`));
    expect(await repo.activeEnrolment(insurerNumber)).toEqual(current);
  });

  it('finds the active enrolments whose withdrawal took effect at or before an instant', async () => {
    const { repo } = run;
    const due = enrolment(`${tag}due`, `${tag}-1`, { withdrawal: withdrawal('2026-11-30T15:00:00.000Z') });
    await repo.insert(due);
    await repo.insert(enrolment(`${tag}later`, `${tag}-2`, { withdrawal: withdrawal('2026-12-31T15:00:00.000Z') }));
    await repo.insert(enrolment(`${tag}done`, `${tag}-3`, { status: 'withdrawn', withdrawal: withdrawal('2026-10-31T15:00:00.000Z') }));
    await repo.insert(enrolment(`${tag}none`, `${tag}-4`));
    const mine = async (at: string) => (await repo.dueWithdrawals(at)).filter((e) => e.onlineEligibilityCode.startsWith(tag));
    expect(await mine('2026-11-30T14:59:59.999Z')).toEqual([]);
    expect(await mine('2026-11-30T15:00:00.000Z')).toEqual([due]);
  });

  it('lists every enrolment by code, never with its outbox', async () => {
    const { repo } = run;
    for (const code of [`${tag}2`, `${tag}3`, `${tag}1`]) await repo.insert(enrolment(code, `${tag}-${code}`), [entry(code, 1)]);
    const mine = (await repo.list()).filter((e) => e.onlineEligibilityCode.startsWith(tag));
    expect(mine.map((e) => e.onlineEligibilityCode)).toEqual([`${tag}1`, `${tag}2`, `${tag}3`]);
    expect(mine[0]).not.toHaveProperty('outbox', expect.anything());
  });

  it('keeps the events of each write with the enrolment until they are marked sent', async () => {
    const { repo } = run;
    const active = enrolment(`${tag}ob`, `${tag}-ins`);
    await repo.insert(active, [entry(active.onlineEligibilityCode, 1)]);
    const filed = { ...active, withdrawal: withdrawal('2026-11-30T15:00:00.000Z') };
    await repo.write(active, filed, [entry(active.onlineEligibilityCode, 2)]);
    const code = active.onlineEligibilityCode;
    expect((await repo.outbox.entriesOf(code)).map((e) => e.eventId)).toEqual([`${code}-e1`, `${code}-e2`]);
    await repo.outbox.markSent(code, [`${code}-e1`, `${code}-e2`]);
    expect(await repo.outbox.entriesOf(code)).toEqual([]);
    expect(await repo.get(code)).toEqual(filed);
  });
}
