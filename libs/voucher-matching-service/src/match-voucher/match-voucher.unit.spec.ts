import { randomUUID } from 'node:crypto';
import {
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationTranscribedV2,
  VerificationOutcomeV3,
  VoucherResponse,
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
import { voucherView } from '../domain/voucher';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import { MatchVoucherHandler } from './match-voucher.handler';
import { decidedAt, digester, importedRecord, matchingSetup, OTHER_INSTITUTION_NUMBER } from './match-voucher.fixture';

const KEY = { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER };

async function setup() {
  const s = await matchingSetup();
  return { ...s, handler: new MatchVoucherHandler(s.vouchers, s.contracts, s.sites, s.decisions, s.relay, s.clock, digester) };
}

const visit = (sessionId: string, siteId = 'bus-01') => ({
  sessionId,
  institutionNumber: siteId === 'clinic-9' ? OTHER_INSTITUTION_NUMBER : EXAMPLE_INSTITUTION_NUMBER,
  siteId,
  purpose: 'specific-checkup' as const,
  checkupDate: '2026-11-24',
});
const resolved = (sessionId: string, options: { result?: LookupResultV2; voucher?: PresentedVoucher; siteId?: string } = {}) =>
  buildEnvelope(
    QualificationResolvedV2,
    {
      request: { ...visit(sessionId, options.siteId), voucher: options.voucher ?? aPresentedVoucher() },
      result: options.result ?? { status: 'eligible', qualification: aQualification() },
      answeredBy: 'simulator',
      resolvedAt: decidedAt,
      upstreamMillis: 3,
    },
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );
const resolvedV1 = (sessionId: string, voucherNumber = EXAMPLE_VOUCHER_NUMBER) =>
  buildEnvelope(
    QualificationResolvedV1,
    {
      request: { ...visit(sessionId), voucherNumber },
      result: { status: 'eligible', qualification: aQualification() },
      resolvedAt: decidedAt,
      upstreamMillis: 3,
    },
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );
const data = (e: { data: unknown }) => VerificationOutcomeV3.data.parse(e.data);

describe('match voucher (handler)', () => {
  it('matches the presented voucher (no import needed), claims it for the session with the site’s name, and publishes one v3 outcome', async () => {
    const { handler, vouchers, outcomes } = await setup();
    const sessionId = randomUUID();
    const event = resolved(sessionId);
    await handler.handleResolved(event);
    expect((await vouchers.get(KEY))?.uses).toEqual([
      {
        sessionId,
        institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
        siteId: 'bus-01',
        siteName: '健診バス1号車',
        at: decidedAt,
        checkupDate: '2026-11-24',
        voucherKind: 'checkup',
        parts: ['basic', 'detailed'],
        requestId: event.id,
      },
    ]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ type: 'verification.outcome', version: 3, subject: sessionId, correlationId: sessionId });
    expect(data(outcomes[0]!)).toMatchObject({
      sessionId,
      voucher: KEY,
      outcome: 'matched',
      contractId: 'collective-A-2026',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      verifiedOnline: true,
      comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
      collect: { totalYen: 1000 },
      covers: { parts: ['basic', 'detailed'] },
      decidedAt,
    });
  });

  it('checks against the imported record when there is one, and names the differing field', async () => {
    const { handler, vouchers, outcomes } = await setup();
    await vouchers.importMany([importedRecord({ validUntil: '2027-02-28' })]);
    await handler.handleResolved(resolved(randomUUID()));
    expect(data(outcomes[0]!)).toMatchObject({
      outcome: 'voucher-differs-from-record',
      differences: ['validUntil'],
      comparedSources: ['presented-voucher', 'imported-voucher', 'online-eligibility', 'contract'],
    });
    expect((await vouchers.get(KEY))?.uses).toEqual([]);
  });

  it('a second session at another institution is told where (the site by name) and when (JST) the voucher was used', async () => {
    const { handler, outcomes } = await setup();
    await handler.handleResolved(resolved(randomUUID()));
    await handler.handleResolved(resolved(randomUUID(), { siteId: 'clinic-9' }));
    expect(outcomes.map((e) => data(e).outcome)).toEqual(['matched', 'voucher-already-used']);
    const second = data(outcomes[1]!);
    expect(second.firstUse).toEqual({
      siteId: 'bus-01',
      siteName: '健診バス1号車',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      at: decidedAt,
    });
    expect(second.reasonJa).toContain('2026-11-24 09:30 JSTに健診バス1号車');
    expect(second.collect).toBeUndefined();
  });

  it('a redelivered request publishes no second outcome', async () => {
    const { handler, outcomes } = await setup();
    const event = resolved(randomUUID());
    await handler.handleResolved(event);
    await handler.handleResolved(event);
    expect(outcomes).toHaveLength(1);
  });

  it('a request that comes again after an operator undid its use claims nothing and publishes nothing (no processed-event log needed)', async () => {
    const { handler, vouchers, outcomes } = await setup();
    const sessionId = randomUUID();
    const event = resolved(sessionId);
    await handler.handleResolved(event);
    const used = (await vouchers.get(KEY))!;
    const undone = undoVoucherUse({ sessionId, by: 'operator-1', reason: 'wrong visitor checked in' }, used, new Date(decidedAt));
    expect(await vouchers.write(used, undone.state)).not.toBeNull();
    await handler.handleResolved(event);
    const stored = (await vouchers.get(KEY))!;
    expect(stored.uses).toEqual([]);
    expect(stored.history.map((h) => h.action)).toEqual(['used', 'use-undone']);
    expect(outcomes).toHaveLength(1);
    // The request's id stays internal: the API's view (a strict contract) shows the use without it.
    const view = VoucherResponse.parse(voucherView(stored));
    expect(view.history[0]).not.toHaveProperty('requestId');
    // Another request of the same session (a corrected attempt) may claim the voucher again.
    await handler.handleResolved(resolved(sessionId));
    expect((await vouchers.get(KEY))!.uses.map((u) => u.sessionId)).toEqual([sessionId]);
    expect(outcomes.map((e) => data(e).outcome)).toEqual(['matched', 'matched']);
  });

  it('an outcome other than matched leaves the voucher free for a corrected attempt', async () => {
    const { handler, vouchers, outcomes } = await setup();
    await handler.handleResolved(resolved(randomUUID(), { result: { status: 'not-found' } }));
    await handler.handleResolved(
      resolved(randomUUID(), { voucher: aPresentedVoucher({ voucherKind: 'guidance', guidanceLevel: 'motivational' }) }),
    );
    expect(outcomes.map((e) => data(e).outcome)).toEqual(['no-qualification', 'voucher-kind-mismatch']);
    expect(await vouchers.get(KEY)).toBeNull();
  });

  it('a transcribed eligibility matches too, not verified online, and the desk’s sentence says so', async () => {
    const { handler, outcomes } = await setup();
    const sessionId = randomUUID();
    const q = aQualification();
    await handler.handleTranscribed(
      buildEnvelope(
        QualificationTranscribedV2,
        {
          request: { ...visit(sessionId), voucher: aPresentedVoucher() },
          method: 'mynaportal-screen',
          eligibility: { insurerNumber: q.insurerNumber, symbol: q.symbol, number: q.number, name: q.name, birthDate: q.birthDate },
          transcribedAt: decidedAt,
        },
        'card-session',
        { subject: sessionId, correlationId: sessionId },
      ),
    );
    const outcome = data(outcomes[0]!);
    expect(outcome).toMatchObject({ outcome: 'matched', source: 'transcribed', method: 'mynaportal-screen', verifiedOnline: false });
    expect(outcome.comparedSources).toContain('transcribed-eligibility');
    expect(outcome.reasonJa).toContain('オンライン資格確認ではありません（書類の転記）');
  });

  it('a legacy v1 request finds its voucher by number: one record is presented and compared as the insurer listed it', async () => {
    const { handler, vouchers, outcomes } = await setup();
    await vouchers.importMany([importedRecord()]);
    const sessionId = randomUUID();
    await handler.handleResolvedV1(resolvedV1(sessionId));
    expect(data(outcomes[0]!)).toMatchObject({ outcome: 'matched', voucher: KEY, collect: { totalYen: 1000 } });
    expect((await vouchers.get(KEY))?.uses.map((u) => u.sessionId)).toEqual([sessionId]);
  });

  it('a legacy v1 request whose number no record has, or several insurers’ records have, cannot be matched — said in a sentence', async () => {
    const { handler, vouchers, outcomes } = await setup();
    await handler.handleResolvedV1(resolvedV1(randomUUID()));
    await vouchers.importMany([importedRecord(), importedRecord({ insurerNumber: '01130012' })]);
    await handler.handleResolvedV1(resolvedV1(randomUUID()));
    expect(outcomes.map((e) => data(e).outcome)).toEqual(['voucher-not-found', 'needs-manual-check']);
    expect(data(outcomes[1]!).reasonJa).toContain('保険者番号とあわせて');
    expect(data(outcomes[1]!).voucher).toBeUndefined();
  });
});
