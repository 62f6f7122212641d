import type { StaffClaims } from '@hcv/contracts';
import { assertSiteAccess, canSeeSite } from '@hcv/platform-access';
import { NotFoundError } from '@hcv/domain';
import type { AuditQuery, AuditRecord } from '../audit-trail/audit-record';
import type { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { sessionStory, type SessionStory } from './session-story';

/** A site manager's searches must name one of their sites. */
export function scopeToSites(staff: StaffClaims, siteId: string | undefined): void {
  if (!siteId || !canSeeSite(staff, siteId)) assertSiteAccess(staff, siteId ?? '(all sites)');
}

/** Every record of one session (its own subject, and records naming it, e.g. a voucher undo), in order. */
export async function recordsOfSession(records: AuditRecordRepository, sessionId: string): Promise<AuditRecord[]> {
  const byId = new Map<string, AuditRecord>();
  for (const r of [...(await records.bySubject(sessionId)), ...(await records.find({ sessionId, limit: 500 }))]) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt));
}

/** A session a site manager may not see is "not found" to them (no hint it exists). */
export function assertMaySee(staff: StaffClaims, story: SessionStory): void {
  if (story.siteId ? !canSeeSite(staff, story.siteId) : !staff.roles.some((r) => r !== 'site-manager')) throw new NotFoundError('session', story.sessionId);
}

/** The stories of the sessions matching a search (first seen first), those the caller may see. */
export async function storiesMatching(records: AuditRecordRepository, query: AuditQuery, staff: StaffClaims): Promise<SessionStory[]> {
  const ids = await records.sessionIds(query);
  const bySession = new Map<string, AuditRecord[]>(ids.map((id) => [id, []]));
  for (const r of await records.bySubjects(ids)) bySession.get(r.facets?.sessionId ?? r.subject)?.push(r);
  return ids.map((id) => sessionStory(id, bySession.get(id) ?? [])).filter((s) => !s.siteId || canSeeSite(staff, s.siteId));
}
