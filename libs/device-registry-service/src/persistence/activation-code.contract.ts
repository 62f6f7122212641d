// The activation code repository's behaviour as one list of cases, run on both adapters: the memory
// one (activation-code.memory.unit.spec.ts) and the MongoDB one (activation-code.mongo.int.spec.ts).
// Not a test file by itself. Ids are unique per case, so cases sharing one database never meet.
import { randomUUID } from 'node:crypto';
import type { ActivationCode, ActivationCodeRepository } from './activation-code.repository';

export type ActivationCodeRepositoryFactory = () => Promise<{ repo: ActivationCodeRepository; cleanup?: () => Promise<void> }>;

export function activationCodeRepositoryContract(make: ActivationCodeRepositoryFactory): void {
  let run: { repo: ActivationCodeRepository; cleanup?: () => Promise<void> };
  let tag: string;
  beforeEach(async () => {
    run = await make();
    tag = randomUUID().slice(0, 8);
  });
  afterEach(async () => run.cleanup?.());

  const code = (n: number, deviceId = `dev-${tag}`): ActivationCode => ({
    codeHash: `${tag}-hash-${n}`,
    deviceId,
    issuedBy: 'operator-1',
    issuedAt: '2026-12-06T09:00:00.000Z',
    expiresAt: '2026-12-06T09:30:00.000Z',
    state: 'unused',
  });

  it('finds an issued code by its hash, and nothing by another', async () => {
    const { repo } = run;
    await repo.issue(code(1));
    expect(await repo.find(code(1).codeHash)).toEqual(code(1));
    expect(await repo.find(`${tag}-unknown`)).toBeNull();
  });

  it('voids the device’s earlier unused codes when a new one is issued, and leaves other devices’ alone', async () => {
    const { repo } = run;
    await repo.issue(code(1));
    await repo.issue(code(2, `other-${tag}`));
    await repo.issue(code(3));
    expect((await repo.find(code(1).codeHash))?.state).toBe('voided');
    expect((await repo.find(code(2).codeHash))?.state).toBe('unused');
    expect((await repo.find(code(3).codeHash))?.state).toBe('unused');
  });

  it('lets one claim win, and gives a code back only to the claim that took it', async () => {
    const { repo } = run;
    await repo.issue(code(1));
    const claims = await Promise.all([1, 2, 3].map((i) => repo.claim(code(1).codeHash, `2026-12-06T09:0${i}:00.000Z`)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const used = (await repo.find(code(1).codeHash))!;
    expect(used.state).toBe('used');
    await repo.release(code(1).codeHash, '2026-12-06T08:00:00.000Z'); // not the winning claim: no effect
    expect((await repo.find(code(1).codeHash))?.state).toBe('used');
    await repo.release(code(1).codeHash, used.usedAt!);
    expect(await repo.find(code(1).codeHash)).toEqual(code(1));
    expect(await repo.claim(code(1).codeHash, '2026-12-06T09:05:00.000Z')).toBe(true);
    expect(await repo.claim(`${tag}-unknown`, '2026-12-06T09:05:00.000Z')).toBe(false);
  });

  it('counts failed redemptions per address and window', async () => {
    const { repo } = run;
    const [a, b] = [`10.0.0.1-${tag}`, `10.0.0.2-${tag}`];
    const [w1, w2] = ['2026-12-06T09:00:00.000Z', '2026-12-06T09:15:00.000Z'];
    expect(await repo.failures(a, w1)).toBe(0);
    expect(await repo.countFailure(a, w1, w2)).toBe(1);
    expect(await repo.countFailure(a, w1, w2)).toBe(2);
    expect(await repo.countFailure(b, w1, w2)).toBe(1);
    expect(await repo.failures(a, w1)).toBe(2);
    expect(await repo.countFailure(a, w2, '2026-12-06T09:30:00.000Z')).toBe(1); // a new window starts over
    expect(await repo.failures(a, w2)).toBe(1);
  });
}
