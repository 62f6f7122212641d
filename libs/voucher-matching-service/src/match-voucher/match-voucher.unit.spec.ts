import { randomUUID } from 'node:crypto';
import { QualificationResolvedV1, QualificationTranscribedV1, type EventEnvelope, type LookupResult } from '@hcv/contracts';
import { buildEnvelope } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aQualification, aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toStoredVoucher } from '../domain/voucher';
import { InMemoryContractRepository } from '../persistence/contract.memory';
import { InMemoryDecisionRepository } from '../persistence/decision.memory';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { MatchVoucherHandler } from './match-voucher.handler';

const digester = new MemberDigester('unit-test-voucher-key');
const decidedAt = '2026-11-24T09:30:00.000Z';

async function setup() {
  const clock = () => new Date(decidedAt);
  const vouchers = new InMemoryVoucherRepository();
  const contracts = new InMemoryContractRepository();
  const decisions = new InMemoryDecisionRepository();
  const outcomes: EventEnvelope[] = [];
  const relay = new OutboxRelay({
    source: 'voucher-matching',
    stores: [decisions.outbox],
    send: async (_topic, message) => void outcomes.push(JSON.parse(message.value) as EventEnvelope),
    logger: createLogger({ service: 't', level: 'error' }),
  });
  await vouchers.importMany([toStoredVoucher({ ...aVoucher(), importedAt: '2026-04-01T00:00:00.000Z' }, digester)]);
  await contracts.put({
    contractId: 'collective-A-2026',
    kind: 'collective-A',
    name: 'A 2026',
    insurerNumbers: [EXAMPLE_INSURER_NUMBER],
    institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
    purposes: ['specific-checkup'],
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    updatedAt: '2026-03-01T00:00:00.000Z',
  });
  return { vouchers, decisions, outcomes, handler: new MatchVoucherHandler(vouchers, contracts, decisions, relay, clock, digester) };
}

const request = (sessionId: string, overrides: { siteId?: string; voucherNumber?: string } = {}) => ({
  sessionId,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'bus-01',
  purpose: 'specific-checkup' as const,
  checkupDate: '2026-11-24',
  voucherNumber: EXAMPLE_VOUCHER_NUMBER,
  ...overrides,
});
const resolved = (
  sessionId: string,
  result: LookupResult = { status: 'eligible', qualification: aQualification() },
  overrides: { siteId?: string; voucherNumber?: string } = {},
) =>
  buildEnvelope(
    QualificationResolvedV1,
    { request: request(sessionId, overrides), result, resolvedAt: decidedAt, upstreamMillis: 3 },
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );

describe('match voucher (handler)', () => {
  it('matches, claims the voucher for the session at the clock’s time, and publishes one outcome', async () => {
    const { handler, vouchers, outcomes } = await setup();
    const sessionId = randomUUID();
    await handler.handleResolved(resolved(sessionId));
    expect((await vouchers.get(EXAMPLE_VOUCHER_NUMBER))?.usedBy).toEqual({
      sessionId,
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId: 'bus-01',
      at: decidedAt,
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ type: 'verification.outcome', subject: sessionId, correlationId: sessionId });
    expect(outcomes[0]!.data).toMatchObject({
      sessionId,
      outcome: 'matched',
      contractId: 'collective-A-2026',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      decidedAt,
    });
  });

  it('a second session presenting the same voucher is told where and when it was used', async () => {
    const { handler, outcomes } = await setup();
    const first = randomUUID();
    const second = randomUUID();
    await handler.handleResolved(resolved(first));
    await handler.handleResolved(resolved(second, undefined, { siteId: 'bus-02' }));
    expect(outcomes.map((e) => (e.data as { outcome: string }).outcome)).toEqual(['matched', 'voucher-already-used']);
    expect((outcomes[1]!.data as { reason: string }).reason).toContain(
      `site bus-01 (institution ${EXAMPLE_INSTITUTION_NUMBER}) at ${decidedAt}`,
    );
  });

  it('a redelivered request publishes no second outcome', async () => {
    const { handler, outcomes } = await setup();
    const event = resolved(randomUUID());
    await handler.handleResolved(event);
    await handler.handleResolved(event);
    expect(outcomes).toHaveLength(1);
  });

  it('an outcome other than matched leaves the voucher free for a corrected attempt', async () => {
    const { handler, vouchers, outcomes } = await setup();
    await handler.handleResolved(resolved(randomUUID(), { status: 'not-found' }));
    await handler.handleResolved(resolved(randomUUID(), undefined, { voucherNumber: '26009999999' }));
    expect(outcomes.map((e) => (e.data as { outcome: string }).outcome)).toEqual(['no-qualification', 'voucher-not-found']);
    expect((await vouchers.get(EXAMPLE_VOUCHER_NUMBER))?.usedBy).toBeUndefined();
  });

  it('matches transcribed eligibility (an alternative method) the same way', async () => {
    const { handler, outcomes } = await setup();
    const sessionId = randomUUID();
    const q = aQualification();
    const event = buildEnvelope(
      QualificationTranscribedV1,
      {
        request: request(sessionId),
        method: 'eligibility-certificate',
        eligibility: {
          insurerNumber: q.insurerNumber,
          symbol: q.symbol,
          number: q.number,
          name: q.name,
          birthDate: q.birthDate,
          validUntil: '2026-10-31',
        },
        transcribedAt: decidedAt,
      },
      'card-session',
      { subject: sessionId, correlationId: sessionId },
    );
    await handler.handleTranscribed(event);
    expect(outcomes[0]!.data).toMatchObject({ sessionId, outcome: 'eligibility-lost' });
  });
});
