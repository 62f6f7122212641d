import { OperationsFeedQuery, type StaffClaims } from '@hcv/contracts';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { sitesOf } from '../domain/operations-view';
import type { OperationsRepository } from '../persistence/operations.repository';

/** The live feed, newest first: outcomes, devices going offline/online, circuit changes, alerts (of the reader's sites). */
export class ListFeedHandler {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly clock: () => Date,
  ) {}

  async handle(query: unknown, staff: StaffClaims) {
    const q = parseRequest(OperationsFeedQuery, query);
    if (q.siteId) assertSiteAccess(staff, q.siteId);
    const entries = await this.ops.feed(q.limit, q.siteId ? [q.siteId] : sitesOf(staff));
    return { generatedAt: this.clock().toISOString(), entries };
  }
}
