import { AuditSessionsQuery, type StaffClaims } from '@hcv/contracts';
import { assertSiteAccess, canSeeSite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import type { AuditQuery, AuditRecord } from '../domain/audit-record';
import { sessionStory, type SessionStory } from '../domain/session-story';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** A site manager's searches must name one of their sites. */
export function scopeToSites(staff: StaffClaims, siteId: string | undefined): void {
  if (!siteId || !canSeeSite(staff, siteId)) assertSiteAccess(staff, siteId ?? '(all sites)');
}

/** The stories of the sessions matching a search (first seen first), those the caller may see. */
export async function storiesMatching(records: AuditRecordRepository, query: AuditQuery, staff: StaffClaims): Promise<SessionStory[]> {
  const ids = await records.sessionIds(query);
  const bySession = new Map<string, AuditRecord[]>(ids.map((id) => [id, []]));
  for (const r of await records.bySubjects(ids)) bySession.get(r.facets?.sessionId ?? r.subject)?.push(r);
  return ids.map((id) => sessionStory(id, bySession.get(id) ?? [])).filter((s) => !s.siteId || canSeeSite(staff, s.siteId));
}

/** Sessions (with their stories, without the raw events) matching the search, oldest first. */
export class ListSessionsHandler {
  constructor(private readonly records: AuditRecordRepository) {}

  async handle(query: unknown, staff: StaffClaims) {
    const q = parseRequest(AuditSessionsQuery, query);
    scopeToSites(staff, q.siteId);
    const sessions = await storiesMatching(this.records, q, staff);
    return { sessions: sessions.map(({ timeline, ...summary }) => ({ ...summary, events: timeline.length })) };
  }
}
