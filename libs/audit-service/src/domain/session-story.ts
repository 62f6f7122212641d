import type { AuditRecord } from './audit-record';

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/**
 * The whole story of one verification session, told from its audit records in order: who (which
 * device, which operator acted), where (institution, site, bus stop), which method, which purpose,
 * what the national system said, which voucher, and the outcome. Pure: records in, story out.
 */
export interface SessionStory {
  sessionId: string;
  complete: boolean;
  deviceId?: string;
  institutionNumber?: string;
  siteId?: string;
  stopId?: string;
  purpose?: string;
  checkupDate?: string;
  method?: string;
  identityCheck?: string;
  nationalSystem?: { status: string; upstreamMillis?: number; resolvedAt?: string; lostOn?: string; reason?: string };
  voucherNumber?: string;
  insurerNumber?: string;
  outcome?: { kind: string; reason?: string; mismatchedField?: string; contractId?: string; decidedAt?: string };
  completedAt?: string;
  elapsedMillis?: number;
  cancelled?: { by: string; reason: string };
  expired?: boolean;
  undone?: { by: string; reason: string; at: string }[];
  openedAt?: string;
  timeline: { time: string; type: string; version: number; source: string; eventId: string; traceId?: string }[];
}

export function sessionStory(sessionId: string, records: AuditRecord[]): SessionStory {
  const story: SessionStory = { sessionId, complete: false, timeline: [] };
  const ordered = [...records].sort((a, b) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt));
  for (const r of ordered) {
    const d = obj(r.data);
    story.timeline.push({
      time: r.time,
      type: r.type,
      version: r.version,
      source: r.source,
      eventId: r.id,
      ...(r.traceId ? { traceId: r.traceId } : {}),
    });
    if (r.facets?.insurerNumber) story.insurerNumber ??= r.facets.insurerNumber;
    switch (r.type) {
      case 'session.opened':
      case 'eligibility.requested':
        story.deviceId ??= d.deviceId as string;
        story.institutionNumber ??= d.institutionNumber as string;
        story.siteId ??= d.siteId as string;
        story.purpose ??= d.purpose as string;
        story.checkupDate ??= d.checkupDate as string;
        if (r.type === 'session.opened') story.openedAt = d.openedAt as string;
        if (typeof d.stopId === 'string') story.stopId = d.stopId;
        if (r.type === 'eligibility.requested') story.method ??= 'mynumber-card';
        break;
      case 'session.card-read':
        story.identityCheck = d.identityCheck as string;
        story.method ??= 'mynumber-card';
        break;
      case 'session.method-recorded':
        story.method = d.method as string;
        break;
      case 'qualification.transcribed':
        story.method = (d.method as string) ?? story.method;
        story.nationalSystem = { status: 'not-asked (alternative method)' };
        story.voucherNumber ??= obj(d.request).voucherNumber as string;
        story.institutionNumber ??= obj(d.request).institutionNumber as string;
        story.siteId ??= obj(d.request).siteId as string;
        story.purpose ??= obj(d.request).purpose as string;
        break;
      case 'session.voucher-presented':
        story.voucherNumber = d.voucherNumber as string;
        break;
      case 'qualification.resolved': {
        const result = obj(d.result);
        story.nationalSystem = {
          status: result.status as string,
          upstreamMillis: d.upstreamMillis as number,
          resolvedAt: d.resolvedAt as string,
          ...(typeof result.lostOn === 'string' ? { lostOn: result.lostOn } : {}),
          ...(typeof result.reason === 'string' ? { reason: result.reason } : {}),
        };
        story.voucherNumber ??= obj(d.request).voucherNumber as string;
        break;
      }
      case 'verification.outcome':
        story.outcome = {
          kind: d.outcome as string,
          reason: d.reason as string,
          ...(d.mismatchedField ? { mismatchedField: d.mismatchedField as string } : {}),
          ...(d.contractId ? { contractId: d.contractId as string } : {}),
          decidedAt: d.decidedAt as string,
        };
        story.voucherNumber ??= d.voucherNumber as string;
        break;
      case 'session.completed':
        story.completedAt = d.completedAt as string;
        story.elapsedMillis = d.elapsedMillis as number;
        story.outcome ??= { kind: d.outcome as string };
        break;
      case 'session.cancelled':
        story.cancelled = { by: d.by as string, reason: d.reason as string };
        break;
      case 'session.expired':
        story.expired = true;
        break;
      case 'voucher.use-undone':
        (story.undone ??= []).push({ by: d.by as string, reason: d.reason as string, at: d.at as string });
        break;
    }
  }
  story.complete = Boolean(story.completedAt || story.cancelled || story.expired);
  return story;
}
