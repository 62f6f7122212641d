import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { QualificationResolvedV1, QualificationTranscribedV1 } from '@hcv/contracts';
import { on } from '@hcv/messaging';
import { byStorage, HealthModule, RUNTIME, type ServiceRuntime } from '@hcv/service-kit';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { MatchVoucherHandler } from './match-voucher/match-voucher.handler';
import { CONTRACTS, IMPORT_JOBS, VOUCHER_REPOSITORY } from './tokens';
import { InMemoryContractRepository, MongoContractRepository, type ContractRepository } from './contracts/contract.repository';
import { ContractsHttpController } from './contracts.http.controller';
import { InMemoryImportJobRepository, MongoImportJobRepository, type ImportJobRepository } from './import-vouchers/import-job.repository';
import { InMemoryVoucherRepository, MongoVoucherRepository, type VoucherRepository } from './vouchers/voucher.repository';
import { VouchersHttpController } from './vouchers.http.controller';

@Injectable()
class QualificationConsumer implements OnModuleInit {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly handler: MatchVoucherHandler,
  ) {}
  onModuleInit(): void {
    this.runtime.bus.subscribe({
      groupId: 'voucher-matching.match',
      processedLog: this.runtime.processedLog,
      // Keyed by session; a voucher's single use is decided by its atomic claim, not by message order.
      ordering: 'key',
      handlers: [
        on(QualificationResolvedV1, (event) => this.handler.handleResolved(event)),
        on(QualificationTranscribedV1, (event) => this.handler.handleTranscribed(event)),
      ],
    });
  }
}

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class VoucherMatchingModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: VoucherMatchingModule,
      imports: [HealthModule.register(runtime)],
      controllers: [VouchersHttpController, ContractsHttpController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: VOUCHER_REPOSITORY,
          useFactory: () =>
            byStorage<VoucherRepository>(runtime.storage, {
              mongo: (c) => new MongoVoucherRepository(c),
              memory: () => new InMemoryVoucherRepository(),
            }),
        },
        {
          provide: CONTRACTS,
          useFactory: () =>
            byStorage<ContractRepository>(runtime.storage, { mongo: (c) => new MongoContractRepository(c), memory: () => new InMemoryContractRepository() }),
        },
        {
          provide: MatchVoucherHandler,
          inject: [VOUCHER_REPOSITORY, CONTRACTS],
          useFactory: (vouchers: VoucherRepository, contracts: ContractRepository) => new MatchVoucherHandler(vouchers, contracts, runtime.publisher, runtime.clock),
        },
        {
          provide: IMPORT_JOBS,
          useFactory: () =>
            byStorage<ImportJobRepository>(runtime.storage, { mongo: (c) => new MongoImportJobRepository(c), memory: () => new InMemoryImportJobRepository() }),
        },
        {
          provide: ImportVouchersHandler,
          inject: [VOUCHER_REPOSITORY, IMPORT_JOBS],
          useFactory: (vouchers: VoucherRepository, jobs: ImportJobRepository) => new ImportVouchersHandler(vouchers, jobs, runtime.clock, runtime.logger),
        },
        {
          provide: UndoVoucherUseHandler,
          inject: [VOUCHER_REPOSITORY],
          useFactory: (vouchers: VoucherRepository) => new UndoVoucherUseHandler(vouchers, runtime.publisher, runtime.clock),
        },
        QualificationConsumer,
      ],
    };
  }
}
