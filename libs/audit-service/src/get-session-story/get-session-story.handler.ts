import type { StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { canSeeSite, seesInsuranceNumbers } from '@hcv/platform-access';
import { decryptInsuranceFields, type PiiKeys } from '../adapters/insurance-cipher';
import type { AuditRecord } from '../domain/audit-record';
import { disclose, type Reader } from '../domain/disclosure';
import { sessionStory, type SessionStory } from '../domain/session-story';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** Every record of one session (its own subject, and records naming it, e.g. a voucher undo), in order. */
export async function recordsOfSession(records: AuditRecordRepository, sessionId: string): Promise<AuditRecord[]> {
  const byId = new Map<string, AuditRecord>();
  for (const r of [...(await records.bySubject(sessionId)), ...(await records.find({ sessionId, limit: 500 }))]) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt));
}

/** A session a site manager may not see is "not found" to them (no hint it exists). */
export function assertMaySee(staff: StaffClaims, story: SessionStory): void {
  if (story.siteId ? !canSeeSite(staff, story.siteId) : !staff.roles.some((r) => r !== 'site-manager'))
    throw new NotFoundError('session', story.sessionId);
}

/** How a member of staff reads records: insurance numbers in clear for auditors only (decrypted with the audit key). */
export function readerOf(staff: StaffClaims, piiKey: PiiKeys): Reader {
  return { auditor: seesInsuranceNumbers(staff), decrypt: (cipher) => decryptInsuranceFields(cipher, piiKey) };
}

/** The story of one session that the reader may see, told from its records in order. */
export async function storyOf(
  records: AuditRecordRepository,
  sessionId: string,
  staff: StaffClaims,
): Promise<{ story: SessionStory; records: AuditRecord[] }> {
  const found = await recordsOfSession(records, sessionId);
  const story = sessionStory(sessionId, found);
  assertMaySee(staff, story);
  return { story, records: found };
}

/** The whole story of one session, in order, with its events (personal fields per role). */
export class GetSessionStoryHandler {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly piiKey: PiiKeys,
  ) {}

  async handle(sessionId: string, staff: StaffClaims) {
    const { story, records } = await storyOf(this.records, sessionId, staff);
    const reader = readerOf(staff, this.piiKey);
    return { sessionId, story, events: records.map((r) => disclose(r, reader)) };
  }
}
