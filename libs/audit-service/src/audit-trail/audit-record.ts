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
}

export interface AuditQuery {
  type?: string;
  from?: string;
  to?: string;
  limit: number;
}
