import { randomUUID } from 'node:crypto';
import {
  QualificationResolvedV3,
  QualificationTranscribedV3,
  VerificationOutcomeV3,
  type CheckPurpose,
  type LookupResultV2,
  type PresentedVoucher,
} from '@hcv/contracts';
import { buildEnvelope } from '@hcv/messaging';
import {
  aPresentedVoucher,
  aQualification,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_INSURER_NUMBER,
  EXAMPLE_VOUCHER_NUMBER,
} from '@hcv/testing';
import { MatchVoucherHandler } from './match-voucher.handler';
import { decidedAt, digester, matchingSetup } from './match-voucher.fixture';

const KEY = { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER };
/** Another insurer (千葉県警, a valid check digit) with no contract at the example institution. */
const UNCONTRACTED_INSURER = '33120015';

async function setup(options: { dockContract?: boolean } = {}) {
  const s = await matchingSetup();
  if (options.dockContract !== false)
    await s.contracts.put({
      contractId: 'dock-2026',
      kind: 'individual',
      name: '人間ドック 2026',
      insurerNumbers: [EXAMPLE_INSURER_NUMBER],
      institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
      purposes: ['comprehensive-checkup'],
      validFrom: '2026-04-01',
      validUntil: '2027-03-31',
      updatedAt: '2026-03-01T00:00:00.000Z',
    });
  return { ...s, handler: new MatchVoucherHandler(s.vouchers, s.contracts, s.sites, s.decisions, s.relay, s.clock, digester) };
}

const visit = (sessionId: string, purpose: CheckPurpose) => ({
  sessionId,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'bus-01',
  stopId: 'stop-2',
  purpose,
  checkupDate: '2026-11-24',
});

const resolved = (sessionId: string, options: { result?: LookupResultV2; voucher?: PresentedVoucher; purpose?: CheckPurpose } = {}) =>
  buildEnvelope(
    QualificationResolvedV3,
    QualificationResolvedV3.data.parse({
      request: {
        ...visit(sessionId, options.purpose ?? 'comprehensive-checkup'),
        ...(options.voucher ? { voucher: options.voucher } : {}),
      },
      result: options.result ?? { status: 'eligible', qualification: aQualification() },
      answeredBy: 'device-reported',
      resolvedAt: decidedAt,
      upstreamMillis: 0,
    }),
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );

const data = (e: { data: unknown }) => VerificationOutcomeV3.data.parse(e.data);

describe('match voucher v3: a 人間ドック without a voucher (insurer only)', () => {
  it('confirms the insurer against the institution’s 人間ドック contract: insurer-confirmed, not an identity check, no voucher claimed', async () => {
    const { handler, outcomes, vouchers } = await setup();
    const sessionId = randomUUID();
    await handler.handleResolvedV3(resolved(sessionId));
    expect(outcomes).toHaveLength(1);
    const outcome = data(outcomes[0]!);
    expect(outcome).toMatchObject({
      sessionId,
      outcome: 'insurer-confirmed',
      source: 'online',
      method: 'mynumber-card',
      verifiedOnline: true,
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      contractId: 'dock-2026',
      comparedSources: ['online-eligibility', 'contract'],
    });
    expect(outcome.reason).toContain('insurer confirmed — not an identity check (本人確認ではありません)');
    expect(outcome.reasonJa).toContain('本人確認ではありません');
    expect(outcome).not.toHaveProperty('voucher');
    expect(outcome).not.toHaveProperty('collect');
    expect(await vouchers.get(KEY)).toBeNull();
  });

  it('is not-contracted when no contract covers 人間ドック for the insurer at this institution', async () => {
    const { handler, outcomes } = await setup({ dockContract: false });
    await handler.handleResolvedV3(resolved(randomUUID()));
    expect(data(outcomes[0]!)).toMatchObject({ outcome: 'not-contracted', insurerNumber: EXAMPLE_INSURER_NUMBER });
  });

  it('looks the contract up for the eligibility’s insurer: another insurer is not-contracted', async () => {
    const { handler, outcomes } = await setup();
    await handler.handleResolvedV3(
      resolved(randomUUID(), {
        result: { status: 'eligible', qualification: { ...aQualification(), insurerNumber: UNCONTRACTED_INSURER } },
      }),
    );
    expect(data(outcomes[0]!)).toMatchObject({ outcome: 'not-contracted', insurerNumber: UNCONTRACTED_INSURER });
  });

  it.each([
    [{ status: 'not-found' } as LookupResultV2, 'no-qualification'],
    [{ status: 'multiple', candidates: 2 } as LookupResultV2, 'needs-manual-check'],
    [{ status: 'unavailable', reason: 'x' } as LookupResultV2, 'needs-manual-check'],
    [{ status: 'changed-insurer', qualification: aQualification() } as LookupResultV2, 'changed-insurer'],
    [{ status: 'lost', qualification: aQualification(), lostOn: '2026-10-01' } as LookupResultV2, 'eligibility-lost'],
  ])('reports an eligibility problem (%o) as usual: %s', async (result, expected) => {
    const { handler, outcomes } = await setup();
    await handler.handleResolvedV3(resolved(randomUUID(), { result }));
    expect(data(outcomes[0]!).outcome).toBe(expected);
    expect(data(outcomes[0]!).reason).not.toContain('insurer confirmed');
  });

  it('transcribed from the paper 被保険者証: insurer-confirmed, but not verified online', async () => {
    const { handler, outcomes } = await setup();
    const sessionId = randomUUID();
    await handler.handleTranscribedV3(
      buildEnvelope(
        QualificationTranscribedV3,
        {
          request: visit(sessionId, 'comprehensive-checkup'),
          method: 'health-insurance-card',
          eligibility: {
            insurerNumber: EXAMPLE_INSURER_NUMBER,
            symbol: '1234',
            number: '0012345',
            name: '佐藤　太郎',
            birthDate: '1970-05-01',
          },
          transcribedAt: decidedAt,
        },
        'card-session',
        { subject: sessionId, correlationId: sessionId },
      ),
    );
    expect(data(outcomes[0]!)).toMatchObject({
      outcome: 'insurer-confirmed',
      source: 'transcribed',
      method: 'health-insurance-card',
      verifiedOnline: false,
      comparedSources: ['transcribed-eligibility', 'contract'],
    });
    expect(data(outcomes[0]!).reasonJa).toContain('オンライン資格確認ではありません（書類の転記）');
  });
});

describe('match voucher v3 with a voucher: the v2 path', () => {
  it('matches and claims a 特定健診 voucher, publishing the voucher key', async () => {
    const { handler, outcomes, vouchers } = await setup();
    const sessionId = randomUUID();
    await handler.handleResolvedV3(resolved(sessionId, { purpose: 'specific-checkup', voucher: aPresentedVoucher() }));
    expect(data(outcomes[0]!)).toMatchObject({ outcome: 'matched', voucher: KEY, collect: expect.any(Object) });
    expect((await vouchers.get(KEY))?.uses.map((u) => u.sessionId)).toEqual([sessionId]);
  });

  it('a paper 被保険者証 with a voucher is matched but never verified online', async () => {
    const { handler, outcomes } = await setup();
    const sessionId = randomUUID();
    await handler.handleTranscribedV3(
      buildEnvelope(
        QualificationTranscribedV3,
        {
          request: { ...visit(sessionId, 'specific-checkup'), voucher: aPresentedVoucher() },
          method: 'health-insurance-card',
          eligibility: {
            insurerNumber: EXAMPLE_INSURER_NUMBER,
            symbol: '1234',
            number: '0012345',
            name: '佐藤　太郎',
            birthDate: '1970-05-01',
          },
          transcribedAt: decidedAt,
          capturedAt: '2026-11-24T00:10:00.000Z',
        },
        'card-session',
        { subject: sessionId, correlationId: sessionId },
      ),
    );
    expect(data(outcomes[0]!)).toMatchObject({
      outcome: 'matched',
      source: 'transcribed',
      method: 'health-insurance-card',
      verifiedOnline: false,
    });
  });
});
