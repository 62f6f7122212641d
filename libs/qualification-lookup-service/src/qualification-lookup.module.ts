import { Module, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LookupCircuitChangedV1 } from '@hcv/contracts';
import { consumerControllers } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import { ApiDocsModule } from '@hcv/platform-http';
import { byStorage, HealthModule, OUTBOX_RELAY, OutboxRelayRunner, outboxRelayProvider, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { qualificationLookupOpenApi } from './qualification-lookup.openapi';
import {
  InMemoryLookupRecordRepository,
  MongoLookupRecordRepository,
  type LookupRecordRepository,
} from './lookups/lookup-record.repository';
import { LookupsHttpController } from './lookups.http.controller';
import type { NationalEligibilitySystem } from './national-system/national-eligibility-system.port';
import { ResolveEligibilityHandler, DEFAULT_RETRY_POLICY, type RetryPolicy } from './resolve-eligibility/resolve-eligibility.handler';
import { DEFAULT_RESILIENCE, ResilientLookup, type ResilienceOptions } from './resilience/resilient-lookup';
import { QUALIFICATION_LOOKUP_TOPICS } from './qualification-lookup.topics';
import { LOOKUP_RECORDS } from './tokens';

/** Resilience settings from the environment (unset ones keep their defaults). */
function resilienceFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ResilienceOptions> {
  const pick = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const entries = Object.entries({
    timeoutMillis: pick('LOOKUP_TIMEOUT_MS'),
    retries: pick('LOOKUP_RETRIES'),
    failureThreshold: pick('LOOKUP_CIRCUIT_FAILURES'),
    cooldownMillis: pick('LOOKUP_CIRCUIT_COOLDOWN_MS'),
    ratePerSecond: pick('LOOKUP_RATE_PER_INSTITUTION'),
  }).filter(([, v]) => v !== undefined && Number.isFinite(v));
  return Object.fromEntries(entries);
}

/**
 * The breaker's state changes become lookup.circuit-changed events (the operations dashboard raises
 * "upstream circuit open" from them). A failed publish is logged; the next change is told anyway.
 */
function announceCircuitChanges(lookup: ResilientLookup, runtime: ServiceRuntime): void {
  const cooldownMillis = lookup.cooldownMillis;
  const instance = `${hostname()}:${process.pid}`;
  lookup.breaker.onChange((change) => {
    runtime.publisher
      .publish(
        LookupCircuitChangedV1,
        { upstream: 'national-system', instance, ...change, cooldownMillis, at: runtime.clock().toISOString() },
        { subject: 'national-system', correlationId: `circuit-${randomUUID()}` },
      )
      .catch((error: unknown) => runtime.logger.error('could not publish the circuit change', { error, state: change.state }));
  });
}

/** Wiring only. The national system adapter is chosen by main.ts (simulator or HTTP) or the embedded runner. */
@Module({})
export class QualificationLookupModule {
  static register(
    runtime: ServiceRuntime,
    options: { nationalSystem: NationalEligibilitySystem; resilience?: Partial<ResilienceOptions>; retry?: Partial<RetryPolicy> },
  ): DynamicModule {
    const lookup = new ResilientLookup(options.nationalSystem, { ...DEFAULT_RESILIENCE, ...resilienceFromEnv(), ...options.resilience });
    announceCircuitChanges(lookup, runtime);
    const retry = { ...DEFAULT_RETRY_POLICY, ...(process.env.LOOKUP_DEADLINE_MS ? { deadlineMillis: Number(process.env.LOOKUP_DEADLINE_MS) } : {}), ...options.retry };
    return {
      module: QualificationLookupModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(qualificationLookupOpenApi)],
      controllers: [LookupsHttpController, ...consumerControllers(QUALIFICATION_LOOKUP_TOPICS)],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: LOOKUP_RECORDS,
          useFactory: () =>
            byStorage<LookupRecordRepository>(runtime.storage, {
              mongo: (c) => new MongoLookupRecordRepository(c),
              memory: () => new InMemoryLookupRecordRepository(),
            }),
        },
        outboxRelayProvider(runtime, [LOOKUP_RECORDS], (records: LookupRecordRepository) => [records.outbox]),
        OutboxRelayRunner,
        {
          provide: ResolveEligibilityHandler,
          inject: [LOOKUP_RECORDS, OUTBOX_RELAY],
          useFactory: (records: LookupRecordRepository, outbox: Outbox) =>
            new ResolveEligibilityHandler(lookup, records, runtime.publisher, outbox, runtime.clock, retry),
        },
      ],
    };
  }
}
