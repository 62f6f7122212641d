import type { AuditRecord } from './audit-record';

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/**
 * The whole story of one verification session, told from its audit records in order: who (which
 * device, which operator acted), where (institution, site, bus stop), which method, which purpose,
 * what the national system said (or that the eligibility was transcribed from a document), which
 * voucher (insurer + number, as presented), and the outcome: the 窓口負担 the desk collected, and a
 * staff settlement (who, how) that superseded a settleable outcome. Pure: records in, story out.
 */
export interface SessionStory {
  sessionId: string;
  complete: boolean;
  deviceId?: string;
  institutionNumber?: string;
  /** An insurer running checkups itself, on its own device: its code (never shown as an institution number). */
  onlineEligibilityCode?: string;
  siteId?: string;
  stopId?: string;
  purpose?: string;
  checkupDate?: string;
  method?: string;
  /** How the card holder was confirmed at the card read: pin, visual (目視確認) or face (顔認証). */
  identityCheck?: string;
  /** The staff member who did a 目視確認 (or the 人間ドック identity step). */
  checkedBy?: string;
  /** The 目視確認 / 顔認証 came after three wrong PINs locked the card. */
  afterPinLock?: boolean;
  /** What the card read forwarded: what the national app showed (device-reported) or a card reference. */
  eligibilitySource?: string;
  /** The last card problem the device reported and the desk's next steps. */
  cardProblem?: { problem: string; nextSteps: string[]; reportedAt: string };
  /** 人間ドック: identity verified by presenting the My Number card — its own step, with who did it. */
  identityVerified?: { method: string; checkedBy: string; verifiedAt: string };
  /** A 人間ドック opened without a voucher (insurer-only confirmation). */
  withoutVoucher?: boolean;
  /** An earlier captured (offline) visit this online check confirms. */
  linkedSessionId?: string;
  /** When a bus crew recorded the visit offline. */
  capturedAt?: string;
  /** Said of every insurer-only confirmation: it is not an identity check. */
  insurerOnly?: string;
  nationalSystem?: { status: string; upstreamMillis?: number; resolvedAt?: string; lostOn?: string; reason?: string };
  voucherNumber?: string;
  insurerNumber?: string;
  /** The voucher as presented, without its personal fields: its key (insurer + number) and what was printed. */
  voucher?: StoryVoucher;
  /** Who and how the eligibility was checked: online (and who answered), or transcribed from a document (which). */
  eligibilityCheck?: { source: 'online' | 'transcribed'; method?: string; answeredBy?: string; verifiedOnline: boolean };
  outcome?: StoryOutcome;
  completedAt?: string;
  elapsedMillis?: number;
  cancelled?: { by: string; reason: string };
  expired?: boolean;
  undone?: { by: string; reason: string; at: string }[];
  openedAt?: string;
  timeline: { time: string; type: string; version: number; source: string; eventId: string; traceId?: string }[];
}

export interface StoryVoucher {
  insurerNumber?: string;
  voucherNumber: string;
  voucherKind?: string;
  validUntil?: string;
  guidanceLevel?: string;
  parts?: string[];
  guidanceStep?: string;
}

export interface StoryOutcome {
  kind: string;
  reason?: string;
  reasonJa?: string;
  mismatchedField?: string;
  contractId?: string;
  decidedAt?: string;
  source?: string;
  verifiedOnline?: boolean;
  comparedSources?: string[];
  differences?: string[];
  /** 窓口負担 the desk collected, part by part (yen where known). */
  collect?: { lines: { part: string; copayment: Record<string, unknown>; yen?: number; unitPrice?: number }[]; totalYen?: number };
  covers?: { parts: string[]; guidanceLevel?: string };
  firstUse?: { siteId: string; siteName?: string; institutionNumber: string; at: string };
  /** Staff settled the earlier outcome (`settledFrom`): who, how, when (the insurer contact and reasons stay in the records). */
  settlement?: { kind: string; by: string; at: string };
  settledFrom?: string;
}

/** The non-personal fields of a presented voucher (v2 events), or the key of an outcome v3. */
function voucherOf(v: unknown): StoryVoucher | undefined {
  const d = obj(v);
  if (typeof d.voucherNumber !== 'string') return undefined;
  const out: StoryVoucher = { voucherNumber: d.voucherNumber };
  for (const k of ['insurerNumber', 'voucherKind', 'validUntil', 'guidanceLevel', 'guidanceStep'] as const)
    if (typeof d[k] === 'string') out[k] = d[k] as string;
  if (Array.isArray(d.parts)) out.parts = d.parts as string[];
  return out;
}

/** Later voucher facts fill in, never replace, what an earlier event said (the presentation is the fullest). */
function mergeVoucher(story: SessionStory, v: StoryVoucher | undefined): void {
  if (!v) return;
  story.voucher = { ...v, ...story.voucher };
  story.voucherNumber ??= v.voucherNumber;
}

const SETTLED = 'matched-after-settlement';
export const INSURER_ONLY_NOTE = 'insurer confirmed — not an identity check (本人確認ではありません)';

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
    // Every session event of the newer versions names the stop (会場/事業所); the lookup's echo too.
    const stopId = typeof d.stopId === 'string' ? d.stopId : obj(d.request).stopId;
    if (typeof stopId === 'string') story.stopId ??= stopId;
    switch (r.type) {
      case 'session.opened':
      case 'eligibility.requested':
        story.deviceId ??= d.deviceId as string;
        if (typeof d.institutionNumber === 'string') story.institutionNumber ??= d.institutionNumber;
        if (typeof d.onlineEligibilityCode === 'string') story.onlineEligibilityCode ??= d.onlineEligibilityCode;
        story.siteId ??= d.siteId as string;
        story.purpose ??= d.purpose as string;
        story.checkupDate ??= d.checkupDate as string;
        if (typeof d.stopId === 'string') story.stopId = d.stopId;
        if (r.type === 'session.opened') {
          story.openedAt = d.openedAt as string;
          if (d.withoutVoucher === true) {
            story.withoutVoucher = true;
            story.insurerOnly = INSURER_ONLY_NOTE;
          }
          if (typeof d.linkedSessionId === 'string') story.linkedSessionId = d.linkedSessionId;
          if (typeof d.capturedAt === 'string') story.capturedAt = d.capturedAt;
        }
        if (r.type === 'eligibility.requested') {
          story.method ??= 'mynumber-card';
          if (typeof d.identityCheck === 'string') story.identityCheck ??= d.identityCheck;
          mergeVoucher(story, voucherOf(d.voucher) ?? voucherOf({ voucherNumber: d.voucherNumber }));
        }
        break;
      case 'session.card-read':
        story.identityCheck = d.identityCheck as string;
        story.method ??= 'mynumber-card';
        if (typeof d.checkedBy === 'string') story.checkedBy = d.checkedBy;
        if (typeof d.afterPinLock === 'boolean') story.afterPinLock = d.afterPinLock;
        if (typeof d.eligibilitySource === 'string') story.eligibilitySource = d.eligibilitySource;
        break;
      case 'session.card-problem':
        story.cardProblem = { problem: d.problem as string, nextSteps: d.nextSteps as string[], reportedAt: d.reportedAt as string };
        break;
      case 'session.identity-verified':
        story.identityVerified = { method: d.method as string, checkedBy: d.checkedBy as string, verifiedAt: d.verifiedAt as string };
        break;
      case 'session.method-recorded':
        story.method = d.method as string;
        if (typeof d.capturedAt === 'string') story.capturedAt ??= d.capturedAt;
        break;
      case 'qualification.transcribed':
        story.method = (d.method as string) ?? story.method;
        story.nationalSystem = { status: 'not-asked (alternative method)' };
        story.eligibilityCheck = { source: 'transcribed', method: d.method as string, verifiedOnline: false };
        mergeVoucher(story, voucherOf(obj(d.request).voucher) ?? voucherOf(d.request));
        story.institutionNumber ??= obj(d.request).institutionNumber as string;
        story.siteId ??= obj(d.request).siteId as string;
        story.purpose ??= obj(d.request).purpose as string;
        break;
      case 'session.voucher-presented': {
        const presented = voucherOf(d.voucher) ?? voucherOf(d);
        if (presented) {
          story.voucher = { ...story.voucher, ...presented };
          story.voucherNumber = presented.voucherNumber;
        }
        break;
      }
      case 'qualification.resolved': {
        const result = obj(d.result);
        story.nationalSystem = {
          status: result.status as string,
          upstreamMillis: d.upstreamMillis as number,
          resolvedAt: d.resolvedAt as string,
          ...(typeof result.lostOn === 'string' ? { lostOn: result.lostOn } : {}),
          ...(typeof result.reason === 'string' ? { reason: result.reason } : {}),
        };
        if (story.eligibilityCheck?.source !== 'transcribed')
          story.eligibilityCheck = {
            source: 'online',
            method: story.method ?? 'mynumber-card',
            ...(typeof d.answeredBy === 'string' ? { answeredBy: d.answeredBy } : {}),
            verifiedOnline: true,
          };
        mergeVoucher(story, voucherOf(obj(d.request).voucher) ?? voucherOf(d.request));
        break;
      }
      case 'verification.outcome': {
        const kind = d.outcome as string;
        // a settlement supersedes the settleable outcome it settled, never the other way round
        if (story.outcome?.kind === SETTLED && kind !== SETTLED) break;
        const settlement = obj(d.settlement);
        if (kind === 'insurer-confirmed') story.insurerOnly = INSURER_ONLY_NOTE;
        story.outcome = {
          kind,
          reason: d.reason as string,
          ...(typeof d.reasonJa === 'string' ? { reasonJa: d.reasonJa } : {}),
          ...(d.mismatchedField ? { mismatchedField: d.mismatchedField as string } : {}),
          ...(d.contractId ? { contractId: d.contractId as string } : {}),
          decidedAt: d.decidedAt as string,
          ...(typeof d.source === 'string' ? { source: d.source } : {}),
          ...(typeof d.verifiedOnline === 'boolean' ? { verifiedOnline: d.verifiedOnline } : {}),
          ...(Array.isArray(d.comparedSources) ? { comparedSources: d.comparedSources as string[] } : {}),
          ...(Array.isArray(d.differences) ? { differences: d.differences as string[] } : {}),
          ...(d.collect ? { collect: d.collect as StoryOutcome['collect'] } : {}),
          ...(d.covers ? { covers: d.covers as StoryOutcome['covers'] } : {}),
          ...(d.firstUse ? { firstUse: d.firstUse as StoryOutcome['firstUse'] } : {}),
          ...(typeof settlement.kind === 'string'
            ? { settlement: { kind: settlement.kind, by: settlement.by as string, at: settlement.at as string } }
            : {}),
          ...(kind === SETTLED && story.outcome && story.outcome.kind !== SETTLED ? { settledFrom: story.outcome.kind } : {}),
        };
        if (typeof d.source === 'string' && typeof d.verifiedOnline === 'boolean')
          story.eligibilityCheck = {
            ...story.eligibilityCheck,
            source: d.source as 'online' | 'transcribed',
            verifiedOnline: d.verifiedOnline,
            ...(typeof d.method === 'string' ? { method: d.method } : {}),
          };
        mergeVoucher(story, voucherOf(d.voucher) ?? voucherOf({ voucherNumber: d.voucherNumber }));
        break;
      }
      case 'session.completed':
        story.completedAt = d.completedAt as string;
        story.elapsedMillis = d.elapsedMillis as number;
        story.outcome ??= { kind: d.outcome as string };
        if (typeof d.source === 'string' && !story.eligibilityCheck)
          story.eligibilityCheck = { source: d.source as 'online' | 'transcribed', verifiedOnline: d.source === 'online' };
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
