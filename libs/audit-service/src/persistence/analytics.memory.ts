import { mergeInMemory } from '@hcv/domain';
import { plainCopy } from '@hcv/messaging';
import type { RollupCell, RollupContribution, SessionFacts } from '../domain/outcome-rollup';
import { byCellKey, type AnalyticsRepository } from './analytics.repository';

export class InMemoryAnalyticsRepository implements AnalyticsRepository {
  private readonly facts = new Map<string, SessionFacts>();
  private readonly factEvents = new Map<string, Set<string>>();
  private readonly cellsById = new Map<string, RollupCell & { sessions: Set<string>; settledSessions: Set<string> }>();

  async mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string) {
    return mergeInMemory<SessionFacts>(this.facts, this.factEvents, { sessionId, initial: { sessionId }, patch, eventId });
  }
  async apply(sessionId: string, c: RollupContribution) {
    let cell = this.cellsById.get(c.cellId);
    if (!cell)
      this.cellsById.set(
        c.cellId,
        (cell = { ...c.key, count: 0, settled: 0, totalMillis: 0, buckets: {}, sessions: new Set(), settledSessions: new Set() }),
      );
    if (cell.sessions.has(sessionId)) return 'already-applied' as const;
    cell.sessions.add(sessionId);
    cell.count += 1;
    cell.totalMillis += c.elapsedMillis;
    cell.buckets[c.bucket] = (cell.buckets[c.bucket] ?? 0) + 1;
    return 'applied' as const;
  }
  async settle(sessionId: string, c: RollupContribution) {
    const cell = this.cellsById.get(c.cellId);
    if (!cell?.sessions.has(sessionId) || cell.settledSessions.has(sessionId)) return 'already-settled' as const;
    cell.settledSessions.add(sessionId);
    cell.settled += 1;
    return 'settled' as const;
  }
  async cells(from: string, to: string, siteId?: string) {
    return [...this.cellsById.values()]
      .filter((c) => c.day >= from && c.day <= to && (!siteId || c.siteId === siteId))
      .map(({ sessions: _s, settledSessions: _t, ...cell }) => plainCopy(cell))
      .sort(byCellKey);
  }
}
