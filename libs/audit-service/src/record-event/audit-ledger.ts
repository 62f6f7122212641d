import { withWriteAttempts } from '@hcv/persistence';
import type { AuditRecord } from '../domain/audit-record';
import { chainOf, seal, verifyChains, type VerificationReport } from '../domain/hash-chain';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** An append waiting for its chain's turn. */
interface Waiting {
  record: AuditRecord;
  resolve: (appended: boolean) => void;
  reject: (error: unknown) => void;
}

/** Most records of one chain sealed and inserted as one run. */
const MAX_RUN = 500;

/**
 * Appends records to their hash chain. One consumer handles a partition at a time, so a chain has
 * one writer, and in this process appends to one chain run in the order they were asked for; after
 * a rebalance two instances may briefly race for a chain position — the unique position decides,
 * and the loser re-reads the head and links again (within the platform's bound of write attempts).
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
   * The appends asked for per chain and not yet linked, in the order asked (a chain being linked
   * has an entry). Appends to one chain never race each other here: racing for the same position
   * would only make each other re-read the head (ten at once needed ten attempts), while writers in
   * other instances still race through the unique position. What queued while the chain was busy
   * is linked as one run: sealed one after another from the head and stored in one ordered insert
   * (a batch of a `partition-start` group's messages asks for its appends without waiting).
   */
  private readonly waiting = new Map<string, Waiting[]>();

  /**
   * @param options.gatherTurn a chain's first append waits for the rest of the current turn of the
   *   event loop, so the appends a batch asks for together leave as one run (the Mongo store: its
   *   inserts gather a turn anyway). Absent: it is linked at once.
   */
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly options: { gatherTurn?: boolean } = {},
  ) {}

  /**
   * False when the event was already recorded (a redelivery). Rejects when the record could not be
   * linked — and so does every append of its chain that was waiting behind it, so no later record is
   * linked ahead of one that failed (each comes again, after it).
   */
  append(record: AuditRecord): Promise<boolean> {
    const { chain } = chainOf(record);
    return new Promise<boolean>((resolve, reject) => {
      const queue = this.waiting.get(chain);
      if (queue) return void queue.push({ record, resolve, reject });
      this.waiting.set(chain, [{ record, resolve, reject }]);
      void this.drain(chain);
    });
  }

  private async drain(chain: string): Promise<void> {
    const queue = this.waiting.get(chain)!;
    if (this.options.gatherTurn) await new Promise((resolve) => setImmediate(resolve));
    while (queue.length) {
      const run = queue.splice(0, MAX_RUN);
      try {
        await this.linkRun(run, chain);
      } catch (error) {
        for (const w of queue.splice(0))
          w.reject(new Error(`an earlier record of chain ${chain} failed: not linked ahead of it`, { cause: error }));
      }
    }
    this.waiting.delete(chain);
  }

  /** Links a run of one chain's records in order; throws (each failed or skipped one rejected) at the first that could not be linked. */
  private async linkRun(run: Waiting[], chain: string): Promise<void> {
    let linked = 0;
    // What another chain's refused record left untried goes again as a run (a few times), then one by one.
    for (let tries = 0; this.records.insertRun && tries < 3 && linked < run.length; tries++) {
      const step = await this.insertRun(run.slice(linked), chain).catch(() => ({ linked: 0, again: false }));
      linked += step.linked;
      if (!step.again) break;
    }
    for (let i = linked; i < run.length; i++) {
      try {
        run[i]!.resolve(await this.link(run[i]!.record, chain));
      } catch (error) {
        run[i]!.reject(error);
        for (const w of run.slice(i + 1))
          w.reject(new Error(`an earlier record of chain ${chain} failed: not linked ahead of it`, { cause: error }));
        throw error;
      }
    }
  }

  /**
   * The run sealed from the head and stored in one ordered insert: resolves the records inserted (a
   * prefix) and answers how many were linked, and whether the rest was only left untried (a record
   * of another chain stopped the request: this chain's head still holds); the rest — from a record
   * refused (a redelivery, a position another writer took) on, or all after a failed request — is
   * linked one by one after it.
   */
  private async insertRun(run: Waiting[], chain: string): Promise<{ linked: number; again: boolean }> {
    let head = this.heads.get(chain) ?? (await this.records.head(chain));
    const sealed = run.map(({ record }) => (head = seal(record, head)));
    let results: Awaited<ReturnType<NonNullable<AuditRecordRepository['insertRun']>>>;
    try {
      results = await this.records.insertRun!(sealed);
    } catch {
      // As for one record: what the database holds may now differ from the heads remembered.
      this.heads.clear();
      return { linked: 0, again: false };
    }
    let inserted = 0;
    while (inserted < run.length && results[inserted] === 'inserted') inserted++;
    if (inserted > 0) {
      const last = sealed[inserted - 1]!;
      if ((this.heads.get(chain)?.seq ?? -1) < last.seq) this.remember(chain, { seq: last.seq, hash: last.hash });
    }
    for (let i = 0; i < inserted; i++) run[i]!.resolve(true);
    if (inserted === run.length) return { linked: inserted, again: false };
    if (results[inserted] === 'not-tried') return { linked: inserted, again: true };
    this.heads.delete(chain);
    // The first refused: a redelivered event (stored already: done) or a position another writer took (linked again).
    const refused = run[inserted]!;
    const redelivered = results[inserted] === 'taken' && (await this.records.exists(refused.record.id).catch(() => false));
    if (!redelivered) return { linked: inserted, again: false };
    refused.resolve(false);
    return { linked: inserted + 1, again: false };
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
