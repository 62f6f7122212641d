// The match-voucher and settle-decision specs' shared set-up: memory repositories, a relay that
// collects the published outcomes, the example contract and a registered site.
import type { EventEnvelope } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toImportedVoucher, type ImportedVoucher } from '../domain/voucher';
import { InMemoryContractRepository } from '../persistence/contract.memory';
import { InMemoryDecisionRepository } from '../persistence/decision.memory';
import { InMemorySiteNameRepository } from '../persistence/site-name.memory';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';

export const digester = new MemberDigester('unit-test-voucher-key');
/** A second institution of the same contract (a valid 医療機関コード, 北海道). */
export const OTHER_INSTITUTION_NUMBER = '0110113719';
export const decidedAt = '2026-11-24T00:30:00.000Z';

/** The example voucher as the insurer's record is stored: member sealed, no 記号・番号 in clear. */
export function importedRecord(overrides: Parameters<typeof aVoucher>[0] = {}): ImportedVoucher {
  return toImportedVoucher({ ...aVoucher(overrides), importedAt: '2026-04-01T00:00:00.000Z' }, digester);
}

export async function matchingSetup() {
  const clock = () => new Date(decidedAt);
  const vouchers = new InMemoryVoucherRepository();
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
    institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER, OTHER_INSTITUTION_NUMBER],
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
