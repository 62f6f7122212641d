// The match-voucher and settle-decision specs' shared set-up: memory repositories, a relay that
// collects the published outcomes, the example contract and a stand-in for the voucher claims.
import type { EventEnvelope, VoucherKey } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import type { ImportedRecord } from '../domain/voucher-matcher';
import { InMemoryContractRepository } from '../persistence/contract.memory';
import { InMemoryDecisionRepository } from '../persistence/decision.memory';
import { InMemorySiteNameRepository } from '../persistence/site-name.memory';
import type { ClaimedUse, KnownVoucher, VoucherClaims } from '../persistence/voucher-claims';

export const digester = new MemberDigester('unit-test-voucher-key');
export const decidedAt = '2026-11-24T00:30:00.000Z';

/** The example voucher as the insurer's record holds it: member sealed, no 記号・番号 in clear. */
export function importedRecord(overrides: Parameters<typeof aVoucher>[0] = {}): ImportedRecord {
  const { symbol, number, branch, name, birthDate, ...rest } = aVoucher(overrides);
  return { ...rest, member: digester.seal({ symbol, number, ...(branch ? { branch } : {}), name, birthDate }) };
}

/**
 * A stand-in for the voucher repository's claims in these specs only (the repository and its use rule
 * are persistence/voucher.*, with their own contract suite): one use per voucher across sessions, the
 * same session again granted.
 */
export class SpecVoucherClaims implements VoucherClaims {
  readonly vouchers = new Map<string, { insurerNumber: string; voucherNumber: string; record?: ImportedRecord; uses: ClaimedUse[] }>();
  private id = (k: VoucherKey) => `${k.insurerNumber}:${k.voucherNumber}`;
  add(key: VoucherKey, record?: ImportedRecord) {
    this.vouchers.set(this.id(key), { ...key, ...(record ? { record } : {}), uses: [] });
  }
  async get(key: VoucherKey): Promise<KnownVoucher | null> {
    return this.vouchers.get(this.id(key)) ?? null;
  }
  async findByNumber(voucherNumber: string): Promise<KnownVoucher[]> {
    return [...this.vouchers.values()].filter((v) => v.voucherNumber === voucherNumber);
  }
  async claim(key: VoucherKey, use: ClaimedUse) {
    const voucher = this.vouchers.get(this.id(key)) ?? { ...key, uses: [] };
    this.vouchers.set(this.id(key), voucher);
    const first = voucher.uses[0];
    if (first && first.sessionId !== use.sessionId) return { granted: false as const, firstUse: first };
    if (!first) voucher.uses.push(use);
    return { granted: true as const };
  }
}

export async function matchingSetup() {
  const clock = () => new Date(decidedAt);
  const vouchers = new SpecVoucherClaims();
  const contracts = new InMemoryContractRepository();
  const sites = new InMemorySiteNameRepository();
  const decisions = new InMemoryDecisionRepository();
  const outcomes: EventEnvelope[] = [];
  const relay = new OutboxRelay({
    source: 'voucher-matching',
    stores: [decisions.outbox],
    send: async (_topic, message) => void outcomes.push(JSON.parse(message.value) as EventEnvelope),
    logger: createLogger({ service: 't', level: 'error' }),
  });
  await contracts.put({
    contractId: 'collective-A-2026',
    kind: 'collective-A',
    name: 'A 2026',
    coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
    insurerNumbers: [EXAMPLE_INSURER_NUMBER],
    institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
    purposes: ['specific-checkup'],
    unitPrices: { basic: 8000, detailed: 2500 },
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    updatedAt: '2026-03-01T00:00:00.000Z',
  });
  await sites.record({
    siteId: 'bus-01',
    institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
    name: '健診バス1号車',
    registeredAt: '2026-04-01T00:00:00.000Z',
  });
  return { clock, vouchers, contracts, sites, decisions, relay, outcomes };
}
