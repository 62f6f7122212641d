/** One stored event: the envelope as produced (personal fields pseudonymised) plus where it was read. */
export interface AuditRecord {
  id: string;
  type: string;
  version: number;
  time: string;
  source: string;
  subject: string;
  correlationId: string;
  causationId?: string;
  data: unknown;
  topic: string;
  partition: number;
  offset: string;
  /** The W3C trace the event travelled in (from the consumer span, child of the producer's). */
  traceId?: string;
  recordedAt: string;
  /** Non-personal search keys lifted from the data (session, device, site, institution, insurer). */
  facets?: AuditFacets;
  /** 記号・番号・枝番 encrypted for auditors (see insurance-cipher.ts); covered by the hash chain. */
  insuranceCipher?: string;
  /**
   * The same fields re-encrypted under a later key (`npm run audit:rekey`, after a rotation); read in
   * preference to `insuranceCipher`. Outside the hash chain: the chain keeps proving what was recorded.
   */
  rekeyedInsuranceCipher?: string;
}

export interface AuditFacets {
  sessionId?: string;
  deviceId?: string;
  siteId?: string;
  institutionNumber?: string;
  insurerNumber?: string;
}

export interface AuditQuery extends AuditFacets {
  type?: string;
  from?: string;
  to?: string;
  limit: number;
}
