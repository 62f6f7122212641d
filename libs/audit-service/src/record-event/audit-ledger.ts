import { withWriteAttempts } from '@hcv/persistence';
import type { AuditRecord } from '../domain/audit-record';
import { chainOf, seal, verifyChains, type VerificationReport } from '../domain/hash-chain';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/**
 * Appends records to their hash chain. One consumer handles a partition at a time, so a chain has
 * one writer, and in this process appends to one chain run one after another; after a rebalance two
 * instances may briefly race for a chain position — the unique position decides, and the loser
 * re-reads the head and links again (within the platform's bound of write attempts).
 */
export class AuditLedger {
  /**
   * The last head this process linked per chain. One consumer writes a partition's chain, so it is
   * nearly always right and saves reading the head back for every record; when it is not (another
   * instance appended after a rebalance), the insert finds the position taken and the head is read
   * again. Likewise the event id is only looked up after a refused insert, not before each one.
   */
  private readonly heads = new Map<string, { seq: number; hash: string }>();

  /**
   * The append under way per chain in this process. Appends to one chain wait for each other: racing
   * for the same position here would only make each other re-read the head (ten at once needed ten
   * attempts), while writers in other instances still race through the unique position.
   */
  private readonly linking = new Map<string, Promise<boolean>>();

  constructor(private readonly records: AuditRecordRepository) {}

  /** False when the event was already recorded (a redelivery). */
  async append(record: AuditRecord): Promise<boolean> {
    const { chain } = chainOf(record);
    const previous = this.linking.get(chain);
    const appended = (previous ? previous.catch(() => false) : Promise.resolve(false)).then(() => this.link(record, chain));
    this.linking.set(chain, appended);
    try {
      return await appended;
    } finally {
      if (this.linking.get(chain) === appended) this.linking.delete(chain);
    }
  }

  private link(record: AuditRecord, chain: string): Promise<boolean> {
    return withWriteAttempts(
      async () => {
        const head = this.heads.get(chain) ?? (await this.records.head(chain));
        const sealed = seal(record, head);
        if ((await this.insert(sealed)) === 'inserted') {
          if ((this.heads.get(chain)?.seq ?? -1) < sealed.seq) this.remember(chain, { seq: sealed.seq, hash: sealed.hash });
          return true;
        }
        this.heads.delete(chain);
        // taken: by this event (a redelivery), or its position by another writer (link again)
        return (await this.records.exists(record.id)) ? false : undefined;
      },
      () => new Error(`could not link audit record ${record.id} into its chain`),
    );
  }

  private async insert(sealed: ReturnType<typeof seal>): Promise<'inserted' | 'taken'> {
    try {
      return await this.records.insert(sealed);
    } catch (error) {
      // The database failed under us: what it holds may now differ from the heads remembered (a
      // write that failed may yet have been stored, a crashed server may have lost one it had
      // acknowledged), so every chain's head is read again once it is back.
      this.heads.clear();
      throw error;
    }
  }

  private remember(chain: string, head: { seq: number; hash: string }): void {
    // Chains are per partition per day: yesterday's heads are never needed again.
    if (this.heads.size > 10_000) this.heads.clear();
    this.heads.set(chain, head);
  }

  /** Verifies every chain of the days `from`..`to` and names the first broken link. */
  async verify(from: string, to: string): Promise<VerificationReport & { from: string; to: string }> {
    return { from, to, ...verifyChains(await this.records.chainsOn(from, to)) };
  }
}
