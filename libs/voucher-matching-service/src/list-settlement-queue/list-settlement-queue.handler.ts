import { SettlementQueueQuery, type StaffClaims } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { inJst } from '../domain/voucher-matcher';
import type { DecisionRepository, QueuePosition, StoredDecision } from '../persistence/decision.repository';
import type { SiteNameRepository } from '../persistence/site-name.repository';

/** A page position as an opaque cursor (base64url of the last decision's time and id). */
export const encodeCursor = (p: QueuePosition) => Buffer.from(`${p.decidedAt}|${p.causationId}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): QueuePosition {
  const [decidedAt, causationId, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!decidedAt || !causationId || rest.length || Number.isNaN(Date.parse(decidedAt)))
    throw new DomainError('invalid-request', 'cursor: give the nextCursor of the previous page.', 400, 'cursor');
  return { decidedAt, causationId };
}

/** The sites a reader is limited to: a site manager's own, or none (undefined) for the central desk. */
const sitesOf = (staff: StaffClaims): readonly string[] | undefined =>
  staff.roles.some((r) => r !== 'site-manager') ? undefined : (staff.sites ?? []);

/**
 * The manual-settlement queue for the desk's settlement screen: sessions whose latest decision awaits
 * a person (needs-manual-check, member-mismatch), newest first, paged by cursor, with JST times and
 * the path to settle each. A site manager sees their own sites only.
 */
export class ListSettlementQueueHandler {
  constructor(
    private readonly decisions: Pick<DecisionRepository, 'needingSettlement'>,
    private readonly sites: Pick<SiteNameRepository, 'nameOf'>,
    private readonly clock: () => Date,
  ) {}

  async handle(query: unknown, staff: StaffClaims) {
    const q = parseRequest(SettlementQueueQuery, query ?? {});
    if (q.siteId) assertSiteAccess(staff, q.siteId);
    const siteIds = q.siteId ? [q.siteId] : sitesOf(staff);
    const page = await this.decisions.needingSettlement({
      limit: q.limit,
      ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
      ...(siteIds ? { siteIds } : {}),
    });
    const names = new Map<string, string | null>();
    for (const siteId of new Set(page.decisions.map((d) => d.request?.siteId).filter((s): s is string => !!s)))
      names.set(siteId, await this.sites.nameOf(siteId));
    const at = this.clock().toISOString();
    return {
      at,
      atJst: inJst(at),
      state: 'needs-settlement' as const,
      items: page.decisions.map((d) => item(d, names)),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
  }
}

function item(d: StoredDecision, names: ReadonlyMap<string, string | null>) {
  const r = d.request;
  const siteName = r?.siteId ? names.get(r.siteId) : undefined;
  return {
    sessionId: d.sessionId,
    outcome: d.outcome,
    decidedAt: d.decidedAt,
    decidedAtJst: inJst(d.decidedAt),
    ...(r
      ? {
          checkupDate: r.checkupDate,
          siteId: r.siteId,
          ...(siteName ? { siteName } : {}),
          institutionNumber: r.institutionNumber,
          purpose: r.purpose,
          ...(r.voucher ? { voucher: { ...r.voucher.key, voucherKind: r.voucher.voucherKind, parts: r.voucher.parts } } : {}),
        }
      : {}),
    settlementPath: `/decisions/${d.sessionId}/settlement`,
  };
}
