import { randomUUID } from 'node:crypto';
import type { StaffClaims } from '@hcv/contracts';
import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import type { Decision } from '../persistence/decision.repository';
import { InMemoryDecisionRepository } from '../persistence/decision.memory';
import { InMemorySiteNameRepository } from '../persistence/site-name.memory';
import { decodeCursor, encodeCursor, ListSettlementQueueHandler } from './list-settlement-queue.handler';

const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'u',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});
const decision = (siteId: string, decidedAt: string, outcome: Decision['outcome'] = 'member-mismatch'): Decision => {
  const sessionId = randomUUID();
  return {
    causationId: randomUUID(),
    sessionId,
    outcome,
    decidedAt,
    request: {
      sessionId,
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId,
      purpose: 'specific-checkup',
      checkupDate: '2026-12-06',
      voucher: {
        key: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
        voucherKind: 'checkup',
        parts: ['basic'],
        copayments: { basic: { kind: 'none' } },
      },
    },
    source: 'online',
    method: 'mynumber-card',
    verifiedOnline: true,
    comparedSources: [],
  };
};

describe('the manual-settlement queue for the desk', () => {
  async function queue() {
    const decisions = new InMemoryDecisionRepository();
    const sites = new InMemorySiteNameRepository();
    await sites.record({
      siteId: 'bus-01',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      name: '検診車1号',
      registeredAt: '2026-12-01T00:00:00.000Z',
    });
    for (const d of [
      decision('bus-01', '2026-12-06T00:10:00.000Z', 'needs-manual-check'),
      decision('fac-01', '2026-12-06T00:20:00.000Z'),
      decision('fac-01', '2026-12-06T00:30:00.000Z', 'matched'),
    ])
      await decisions.record(d, []);
    return new ListSettlementQueueHandler(decisions, sites, () => new Date('2026-12-06T01:00:00.000Z'));
  }

  it('pages the waiting sessions newest first, with JST times and where to settle each', async () => {
    const handler = await queue();
    const first = await handler.handle({ state: 'needs-settlement', limit: '1' }, staff(['operator']));
    expect(first).toMatchObject({ at: '2026-12-06T01:00:00.000Z', atJst: '2026-12-06 10:00 JST', state: 'needs-settlement' });
    expect(first.items).toEqual([
      expect.objectContaining({
        outcome: 'member-mismatch',
        decidedAtJst: '2026-12-06 09:20 JST',
        siteId: 'fac-01',
        voucher: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER, voucherKind: 'checkup', parts: ['basic'] },
        settlementPath: `/decisions/${first.items[0]!.sessionId}/settlement`,
      }),
    ]);
    const second = await handler.handle({ state: 'needs-settlement', limit: '1', cursor: first.nextCursor }, staff(['operator']));
    expect(second.items.map((i) => i.outcome)).toEqual(['needs-manual-check']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('gives a site manager their own sites, and refuses another’s or a malformed query', async () => {
    const handler = await queue();
    const mine = await handler.handle({ state: 'needs-settlement' }, staff(['site-manager'], ['bus-01']));
    expect(mine.items.map((i) => [i.siteId, i.siteName])).toEqual([['bus-01', '検診車1号']]);
    await expect(
      handler.handle({ state: 'needs-settlement', siteId: 'fac-01' }, staff(['site-manager'], ['bus-01'])),
    ).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
    await expect(handler.handle({}, staff(['operator']))).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(handler.handle({ state: 'needs-settlement', cursor: 'bm9wZQ' }, staff(['operator']))).rejects.toMatchObject({
      code: 'invalid-request',
    });
  });

  it('reads back the cursor it wrote', () => {
    const p = { decidedAt: '2026-12-06T00:20:00.000Z', causationId: randomUUID() };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });
});
