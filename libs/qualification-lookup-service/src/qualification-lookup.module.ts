import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { EligibilityRequestedV1 } from '@hcv/contracts';
import { on } from '@hcv/messaging';
import { byStorage, HealthController, RUNTIME, type ServiceRuntime } from '@hcv/service-kit';
import {
  InMemoryLookupRecordRepository,
  MongoLookupRecordRepository,
  type LookupRecordRepository,
} from './lookups/lookup-record.repository';
import { LookupsHttpController } from './lookups.http.controller';
import type { NationalEligibilitySystem } from './national-system/national-eligibility-system.port';
import { ResolveEligibilityHandler } from './resolve-eligibility/resolve-eligibility.handler';
import { LOOKUP_RECORDS } from './tokens';

@Injectable()
class EligibilityRequestConsumer implements OnModuleInit {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly handler: ResolveEligibilityHandler,
  ) {}
  onModuleInit(): void {
    this.runtime.bus.subscribe({
      groupId: 'qualification-lookup.resolve',
      processedLog: this.runtime.processedLog,
      handlers: [on(EligibilityRequestedV1, (event) => this.handler.handle(event))],
    });
  }
}

/** Wiring only. The national system adapter is chosen by main.ts (simulator or HTTP) or the embedded runner. */
@Module({})
export class QualificationLookupModule {
  static register(runtime: ServiceRuntime, options: { nationalSystem: NationalEligibilitySystem }): DynamicModule {
    return {
      module: QualificationLookupModule,
      controllers: [LookupsHttpController, HealthController],
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
        {
          provide: ResolveEligibilityHandler,
          inject: [LOOKUP_RECORDS],
          useFactory: (records: LookupRecordRepository) =>
            new ResolveEligibilityHandler(options.nationalSystem, records, runtime.publisher, runtime.clock),
        },
        EligibilityRequestConsumer,
      ],
    };
  }
}
