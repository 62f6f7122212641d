import { randomUUID } from 'node:crypto';
import { QualificationResolvedV2, VerificationOutcomeV3, type LookupResultV2, type StaffClaims } from '@hcv/contracts';
import { buildEnvelope } from '@hcv/messaging';
import {
  aPresentedVoucher,
  aQualification,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_INSURER_NUMBER,
  EXAMPLE_VOUCHER_NUMBER,
} from '@hcv/testing';
import { MatchVoucherHandler } from '../match-voucher/match-voucher.handler';
import { decidedAt, digester, matchingSetup, OTHER_INSTITUTION_NUMBER } from '../match-voucher/match-voucher.fixture';
import { SettleDecisionHandler } from './settle-decision.handler';

const KEY = { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER };
const operator: StaffClaims = { iss: 'hcv', sub: 'op-7', roles: ['operator'], iat: 0, exp: 1 };
const deskOfBus01: StaffClaims = { iss: 'hcv', sub: 'desk-3', roles: ['site-manager'], sites: ['bus-01'], iat: 0, exp: 1 };
const deskElsewhere: StaffClaims = { ...deskOfBus01, sub: 'desk-4', sites: ['bus-09'] };

async function setup(settlingRoles: ('operator' | 'site-manager')[] = ['operator']) {
  const s = await matchingSetup();
  return {
    ...s,
    match: new MatchVoucherHandler(s.vouchers, s.contracts, s.sites, s.decisions, s.relay, s.clock, digester),
    settle: new SettleDecisionHandler(s.vouchers, s.sites, s.decisions, s.relay, () => new Date('2026-11-24T01:00:00.000Z'), settlingRoles),
  };
}

const resolved = (sessionId: string, result: LookupResultV2, siteId = 'bus-01', number = '0012345') =>
  buildEnvelope(
    QualificationResolvedV2,
    {
      request: {
        sessionId,
        institutionNumber: siteId === 'clinic-9' ? OTHER_INSTITUTION_NUMBER : EXAMPLE_INSTITUTION_NUMBER,
        siteId,
        purpose: 'specific-checkup',
        checkupDate: '2026-11-24',
        voucher: aPresentedVoucher({ number }),
      },
      result,
      resolvedAt: decidedAt,
      upstreamMillis: 3,
    },
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );
const multiple: LookupResultV2 = { status: 'multiple', candidates: 2 };
const data = (e: { data: unknown }) => VerificationOutcomeV3.data.parse(e.data);

describe('settle a decision (handler)', () => {
  it('settles a needs-manual-check confirmed with the insurer: claims the voucher and publishes matched-after-settlement by the token’s staff id', async () => {
    const { match, settle, vouchers, outcomes } = await setup();
    const sessionId = randomUUID();
    await match.handleResolved(resolved(sessionId, multiple));
    const answer = await settle.execute(
      sessionId,
      { kind: 'insurer-confirmed', insurerContact: '保険者 資格担当', reference: 'TEL-0412' },
      operator,
    );
    expect(outcomes.map((e) => data(e).outcome)).toEqual(['needs-manual-check', 'matched-after-settlement']);
    const settled = data(outcomes[1]!);
    expect(settled).toEqual(answer);
    expect(settled).toMatchObject({
      sessionId,
      voucher: KEY,
      settlement: {
        kind: 'insurer-confirmed',
        by: 'op-7',
        at: '2026-11-24T01:00:00.000Z',
        insurerContact: '保険者 資格担当',
        reference: 'TEL-0412',
      },
      collect: { totalYen: 1000 },
      covers: { parts: ['basic', 'detailed'] },
      contractId: 'collective-A-2026',
      verifiedOnline: true,
    });
    expect(outcomes[1]).toMatchObject({ subject: sessionId, correlationId: sessionId });
    expect((await vouchers.get(KEY))?.uses.map((u) => [u.sessionId, u.siteName])).toEqual([[sessionId, '健診バス1号車']]);
  });

  it('settles a member-mismatch as the same person (why), once: a second settlement is 409 decision-already-settled', async () => {
    const { match, settle, outcomes } = await setup();
    const mismatched = randomUUID();
    await match.handleResolved(resolved(mismatched, { status: 'eligible', qualification: aQualification() }, 'bus-01', '0099999'));
    expect(outcomes.map((e) => data(e)).map((d) => [d.outcome, d.mismatchedField])).toEqual([['member-mismatch', 'number']]);
    const answer = await settle.execute(mismatched, { kind: 'same-person', reason: '記号番号の転記誤り（券面で確認）' }, operator);
    expect(answer).toMatchObject({
      outcome: 'matched-after-settlement',
      settlement: { kind: 'same-person', by: 'op-7', reason: '記号番号の転記誤り（券面で確認）' },
      collect: { totalYen: 1000 },
    });
    await expect(settle.execute(mismatched, { kind: 'same-person', reason: 'again' }, operator)).rejects.toMatchObject({
      code: 'decision-already-settled',
      status: 409,
    });
  });

  it('refuses with 409 a voucher another session already used, naming the site and the time in JST', async () => {
    const { match, settle } = await setup();
    await match.handleResolved(resolved(randomUUID(), { status: 'eligible', qualification: aQualification() }));
    const sessionId = randomUUID();
    await match.handleResolved(resolved(sessionId, multiple, 'clinic-9'));
    await expect(settle.execute(sessionId, { kind: 'insurer-confirmed', insurerContact: '資格担当' }, operator)).rejects.toMatchObject({
      code: 'voucher-already-used',
      status: 409,
      message: expect.stringContaining('健診バス1号車 (institution') as unknown as string,
    });
  });

  it('refuses a decision that is not settleable (409), an unknown session (404), a bad body (400)', async () => {
    const { match, settle } = await setup();
    const matched = randomUUID();
    await match.handleResolved(resolved(matched, { status: 'eligible', qualification: aQualification() }));
    await expect(settle.execute(matched, { kind: 'same-person', reason: 'x' }, operator)).rejects.toMatchObject({
      code: 'decision-not-settleable',
      status: 409,
    });
    await expect(settle.execute(randomUUID(), { kind: 'same-person', reason: 'x' }, operator)).rejects.toMatchObject({
      code: 'decision-not-found',
      status: 404,
    });
    await expect(settle.execute('not-a-session', { kind: 'same-person', reason: 'x' }, operator)).rejects.toMatchObject({ status: 404 });
    await expect(settle.execute(matched, { kind: 'same-person' }, operator)).rejects.toMatchObject({
      code: 'invalid-request',
      status: 400,
    });
  });

  it('the desk (site manager) settles only when configured, and only for its own sites', async () => {
    const closed = await setup(['operator']);
    const s1 = randomUUID();
    await closed.match.handleResolved(resolved(s1, multiple));
    await expect(closed.settle.execute(s1, { kind: 'same-person', reason: 'x' }, deskOfBus01)).rejects.toMatchObject({
      code: 'role-required',
      status: 403,
    });
    const open = await setup(['operator', 'site-manager']);
    const s2 = randomUUID();
    await open.match.handleResolved(resolved(s2, multiple));
    await expect(open.settle.execute(s2, { kind: 'same-person', reason: 'x' }, deskElsewhere)).rejects.toMatchObject({
      code: 'site-not-permitted',
      status: 403,
    });
    expect((await open.settle.execute(s2, { kind: 'same-person', reason: '本人確認済み' }, deskOfBus01)).settlement).toMatchObject({
      by: 'desk-3',
    });
  });
});
