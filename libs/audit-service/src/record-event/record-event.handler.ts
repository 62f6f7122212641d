import { trace } from '@opentelemetry/api';
import type { EventEnvelope } from '@hcv/contracts';
import { isoOfMillis } from '@hcv/domain';
import type { DeliveryMeta } from '@hcv/messaging';
import { encryptInsuranceFields, ringOf, type PiiKeys } from '../adapters/insurance-cipher';
import { facetsOf } from '../domain/facets';
import { pseudonymise } from '../domain/pseudonymise';
import type { AuditLedger } from './audit-ledger';

/** Appends every event of every service, as produced, with its trace id and where it was read. */
export class RecordEventHandler {
  constructor(
    private readonly ledger: AuditLedger,
    private readonly piiKey: PiiKeys,
    private readonly clock: () => Date,
  ) {}

  async handle(event: EventEnvelope, meta: DeliveryMeta): Promise<void> {
    const insuranceCipher = encryptInsuranceFields(event.data, this.piiKey);
    await this.ledger.append({
      id: event.id,
      type: event.type,
      version: event.version,
      time: event.time,
      source: event.source,
      subject: event.subject,
      correlationId: event.correlationId,
      ...(event.causationId ? { causationId: event.causationId } : {}),
      data: pseudonymise(event.data, ringOf(this.piiKey)),
      facets: facetsOf(event.data),
      ...(insuranceCipher ? { insuranceCipher } : {}),
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      ...(trace.getActiveSpan() ? { traceId: trace.getActiveSpan()!.spanContext().traceId } : {}),
      recordedAt: isoOfMillis(this.clock().getTime()),
    });
  }
}
