import type { AuditRecord } from './audit-record';
import type { AuditRecordRepository } from './audit-record.repository';
import { chainOf, seal, verifyChains, type VerificationReport } from './hash-chain';

/**
 * Appends records to their hash chain. One consumer handles a partition at a time, so a chain has
 * one writer; after a rebalance two instances may briefly race for a chain position — the unique
 * position decides, and the loser re-reads the head and links again.
 */
export class AuditLedger {
  constructor(private readonly records: AuditRecordRepository) {}

  /** False when the event was already recorded (a redelivery). */
  async append(record: AuditRecord): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt++) {
      if (await this.records.exists(record.id)) return false;
      const sealed = seal(record, await this.records.head(chainOf(record).chain));
      if ((await this.records.insert(sealed)) === 'inserted') return true;
    }
    throw new Error(`could not link audit record ${record.id} into its chain`);
  }

  /** Verifies every chain of the days `from`..`to` and names the first broken link. */
  async verify(from: string, to: string): Promise<VerificationReport & { from: string; to: string }> {
    return { from, to, ...verifyChains(await this.records.chainsOn(from, to)) };
  }
}
