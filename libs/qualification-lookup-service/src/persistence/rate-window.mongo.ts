import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { InstitutionRateLimit, RateDecision } from '../adapters/rate-limiter.port';

interface WindowDoc {
  _id: string;
  /** The second (Unix time) the count belongs to. */
  window: number;
  count: number;
}

interface SlotDoc {
  /** `<scope>/<institution>/<second>/<n>`: the n-th call let through in that second. */
  _id: string;
  window: number;
}

/** Slots of seconds this far back are deleted when a later second starts. */
const KEEP_SLOTS_SECONDS = 60;

/**
 * The per-institution rate limit shared by every qualification-lookup replica. Per adapter and
 * institution one document holds the current second and the calls counted in it, moved on by atomic
 * updates only (`$inc` in the current second; `$set` to a later second, won by one replica; insert for
 * the very first call). A call numbered n ≤ `ratePerSecond` then claims slot n of that second by a
 * unique insert: even a store whose `$inc` is not atomic under concurrency (the test server) cannot
 * let two calls through on one number — the loser counts again. At most `ratePerSecond` calls per
 * second pass, whatever the number of replicas; a refused call learns when the next second starts.
 * A replica whose clock is behind counts into the later second already stored.
 */
export class MongoInstitutionRateLimit implements InstitutionRateLimit {
  private readonly windows: Collection<WindowDoc>;
  private readonly slots: Collection<SlotDoc>;
  private readonly perSecond: number;

  constructor(
    connection: Connection,
    private readonly options: { ratePerSecond: number; scope: string },
    private readonly now: () => number = Date.now,
  ) {
    this.windows = connection.collection<WindowDoc>('rate_windows');
    this.slots = connection.collection<SlotDoc>('rate_slots');
    this.perSecond = Math.max(1, Math.floor(options.ratePerSecond));
  }

  async take(institutionNumber: string): Promise<RateDecision> {
    const at = this.now();
    const window = Math.floor(at / 1000);
    const key = `${this.options.scope}/${institutionNumber}`;
    const refused = (second: number): RateDecision => ({ ok: false, retryAfterMillis: Math.max(1, (second + 1) * 1000 - at) });
    for (let attempt = 0; attempt < 8; attempt++) {
      const numbered = await this.next(key, window);
      if (!numbered) continue;
      if (numbered.count > this.perSecond) return refused(numbered.window);
      try {
        await this.slots.insertOne({ _id: `${key}/${numbered.window}/${numbered.count}`, window: numbered.window });
        return { ok: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    // Every round lost to other replicas within one call: refused for this second.
    return refused(window);
  }

  /** This call's number in the current (or a later stored) second; undefined when another replica moved the window first. */
  private async next(key: string, window: number): Promise<{ window: number; count: number } | undefined> {
    const counted = await this.windows.findOneAndUpdate(
      { _id: key, window: { $gte: window } },
      { $inc: { count: 1 } },
      { returnDocument: 'after' },
    );
    if (counted) return counted;
    const moved = await this.windows.updateOne({ _id: key, window: { $lt: window } }, { $set: { window, count: 1 } });
    if (moved.matchedCount === 1) {
      await this.slots.deleteMany({ _id: { $gte: `${key}/`, $lt: `${key}/\uffff` }, window: { $lt: window - KEEP_SLOTS_SECONDS } });
      return { window, count: 1 };
    }
    try {
      await this.windows.insertOne({ _id: key, window, count: 1 });
      return { window, count: 1 };
    } catch (error) {
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    }
  }
}
