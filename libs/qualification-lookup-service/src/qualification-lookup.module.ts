import { Module, type DynamicModule } from '@nestjs/common';
import { hostname } from 'node:os';
import { consumerControllers } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import { ApiDocsModule } from '@hcv/platform-http';
import {
  byStorage,
  HealthModule,
  OUTBOX_RELAY,
  OutboxRelayRunner,
  outboxRelayProvider,
  RUNTIME,
  type ServiceRuntime,
} from '@hcv/platform-runtime';
import type { NationalEligibilitySystem } from './adapters/national-system.port';
import { DEFAULT_RESILIENCE, ResilientLookup, type ResilienceOptions } from './adapters/resilient-lookup';
import { AnnounceCircuitChangeHandler } from './announce-circuit-change/announce-circuit-change.handler';
import { GetLookupHandler } from './get-lookup/get-lookup.handler';
import { GetLookupHttpController } from './get-lookup/get-lookup.http.controller';
import { InMemoryLookupRecordRepository } from './persistence/lookup-record.memory';
import { MongoLookupRecordRepository } from './persistence/lookup-record.mongo';
import type { LookupRecordRepository } from './persistence/lookup-record.repository';
import { loadQualificationLookupConfig, type QualificationLookupConfig } from './qualification-lookup.config';
import { qualificationLookupOpenApi } from './qualification-lookup.openapi';
import { QUALIFICATION_LOOKUP_TOPICS } from './qualification-lookup.topics';
import { DEFAULT_RETRY_POLICY, ResolveEligibilityHandler, type RetryPolicy } from './resolve-eligibility/resolve-eligibility.handler';
import { LOOKUP_RECORDS, RESILIENT_LOOKUP } from './tokens';

export interface QualificationLookupOptions {
  /** The national system's adapter: chosen by main.ts (simulator or HTTP) or the embedded runner. */
  nationalSystem: NationalEligibilitySystem;
  /** The parsed environment; parsed at registration when not given. */
  config?: QualificationLookupConfig;
  /** Overrides of the configuration (tests, the embedded runner). */
  resilience?: Partial<ResilienceOptions>;
  retry?: Partial<RetryPolicy>;
}

/** Wiring only. */
@Module({})
export class QualificationLookupModule {
  static register(runtime: ServiceRuntime, options: QualificationLookupOptions): DynamicModule {
    const config = options.config ?? loadQualificationLookupConfig();
    const resilience: ResilienceOptions = { ...DEFAULT_RESILIENCE, ...config.resilience, ...options.resilience };
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry, ...options.retry };
    return {
      module: QualificationLookupModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(qualificationLookupOpenApi)],
      controllers: [GetLookupHttpController, ...consumerControllers(QUALIFICATION_LOOKUP_TOPICS)],
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
          provide: AnnounceCircuitChangeHandler,
          useFactory: () =>
            new AnnounceCircuitChangeHandler(
              runtime.publisher,
              runtime.clock,
              runtime.logger,
              `${hostname()}:${process.pid}`,
              resilience.cooldownMillis,
            ),
        },
        {
          provide: RESILIENT_LOOKUP,
          inject: [AnnounceCircuitChangeHandler],
          useFactory: (announce: AnnounceCircuitChangeHandler) => {
            const lookup = new ResilientLookup(options.nationalSystem, resilience);
            lookup.breaker.onChange((change) => void announce.handle(change));
            return lookup;
          },
        },
        {
          provide: ResolveEligibilityHandler,
          inject: [RESILIENT_LOOKUP, LOOKUP_RECORDS, OUTBOX_RELAY],
          useFactory: (lookup: ResilientLookup, records: LookupRecordRepository, outbox: Outbox) =>
            new ResolveEligibilityHandler(lookup, records, runtime.publisher, outbox, runtime.clock, retry),
        },
        GetLookupHandler,
      ],
    };
  }
}
