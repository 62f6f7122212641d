import { Module, type DynamicModule } from '@nestjs/common';
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
import { MemberDigester } from './adapters/member-seal';
import { GetContractHandler } from './get-contract/get-contract.handler';
import { GetContractHttpController } from './get-contract/get-contract.http.controller';
import { GetImportJobHandler } from './get-import-job/get-import-job.handler';
import { GetImportJobHttpController } from './get-import-job/get-import-job.http.controller';
import { GetVoucherHandler } from './get-voucher/get-voucher.handler';
import { GetVoucherHttpController } from './get-voucher/get-voucher.http.controller';
import { ImportVoucherFileHandler } from './import-voucher-file/import-voucher-file.handler';
import { ImportVoucherFileHttpController } from './import-voucher-file/import-voucher-file.http.controller';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { ImportVouchersHttpController } from './import-vouchers/import-vouchers.http.controller';
import { MatchVoucherHandler } from './match-voucher/match-voucher.handler';
import { MongoContractRepository } from './persistence/contract.mongo';
import { InMemoryContractRepository } from './persistence/contract.memory';
import type { ContractRepository } from './persistence/contract.repository';
import { InMemoryDecisionRepository } from './persistence/decision.memory';
import { MongoDecisionRepository } from './persistence/decision.mongo';
import type { DecisionRepository } from './persistence/decision.repository';
import { InMemoryImportJobRepository } from './persistence/import-job.memory';
import { MongoImportJobRepository } from './persistence/import-job.mongo';
import type { ImportJobRepository } from './persistence/import-job.repository';
import { InMemoryVoucherRepository } from './persistence/voucher.memory';
import { MongoVoucherRepository } from './persistence/voucher.mongo';
import type { VoucherRepository } from './persistence/voucher.repository';
import { PutContractHandler } from './put-contract/put-contract.handler';
import { PutContractHttpController } from './put-contract/put-contract.http.controller';
import { CONTRACTS, DECISIONS, IMPORT_JOBS, VOUCHER_REPOSITORY } from './tokens';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { UndoVoucherUseHttpController } from './undo-voucher-use/undo-voucher-use.http.controller';
import { loadVoucherMatchingConfig, type VoucherMatchingConfig } from './voucher-matching.config';
import { voucherMatchingOpenApi } from './voucher-matching.openapi';
import { VOUCHER_MATCHING_TOPICS } from './voucher-matching.topics';

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class VoucherMatchingModule {
  /** `options` (tests, embedded) override the configuration read from the environment. */
  static register(runtime: ServiceRuntime, options: Partial<VoucherMatchingConfig> = {}): DynamicModule {
    const digester = new MemberDigester(options.piiKey ?? loadVoucherMatchingConfig().piiKey);
    return {
      module: VoucherMatchingModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(voucherMatchingOpenApi)],
      controllers: [
        ImportVouchersHttpController,
        ImportVoucherFileHttpController,
        GetImportJobHttpController,
        UndoVoucherUseHttpController,
        GetVoucherHttpController,
        PutContractHttpController,
        GetContractHttpController,
        ...consumerControllers(VOUCHER_MATCHING_TOPICS),
      ],
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
            byStorage<ContractRepository>(runtime.storage, {
              mongo: (c) => new MongoContractRepository(c),
              memory: () => new InMemoryContractRepository(),
            }),
        },
        {
          provide: DECISIONS,
          useFactory: () =>
            byStorage<DecisionRepository>(runtime.storage, {
              mongo: (c) => new MongoDecisionRepository(c),
              memory: () => new InMemoryDecisionRepository(),
            }),
        },
        {
          provide: IMPORT_JOBS,
          useFactory: () =>
            byStorage<ImportJobRepository>(runtime.storage, {
              mongo: (c) => new MongoImportJobRepository(c),
              memory: () => new InMemoryImportJobRepository(),
            }),
        },
        outboxRelayProvider(runtime, [VOUCHER_REPOSITORY, DECISIONS], (v: VoucherRepository, d: DecisionRepository) => [
          d.outbox,
          v.outbox,
        ]),
        OutboxRelayRunner,
        {
          provide: MatchVoucherHandler,
          inject: [VOUCHER_REPOSITORY, CONTRACTS, DECISIONS, OUTBOX_RELAY],
          useFactory: (vouchers: VoucherRepository, contracts: ContractRepository, decisions: DecisionRepository, outbox: Outbox) =>
            new MatchVoucherHandler(vouchers, contracts, decisions, outbox, runtime.clock, digester),
        },
        {
          provide: ImportVouchersHandler,
          inject: [VOUCHER_REPOSITORY],
          useFactory: (vouchers: VoucherRepository) => new ImportVouchersHandler(vouchers, runtime.clock, digester),
        },
        {
          provide: ImportVoucherFileHandler,
          inject: [VOUCHER_REPOSITORY, IMPORT_JOBS],
          useFactory: (vouchers: VoucherRepository, jobs: ImportJobRepository) =>
            new ImportVoucherFileHandler(vouchers, jobs, runtime.clock, runtime.logger, digester),
        },
        { provide: GetImportJobHandler, inject: [IMPORT_JOBS], useFactory: (jobs: ImportJobRepository) => new GetImportJobHandler(jobs) },
        {
          provide: UndoVoucherUseHandler,
          inject: [VOUCHER_REPOSITORY, OUTBOX_RELAY],
          useFactory: (vouchers: VoucherRepository, outbox: Outbox) => new UndoVoucherUseHandler(vouchers, outbox, runtime.clock),
        },
        {
          provide: GetVoucherHandler,
          inject: [VOUCHER_REPOSITORY],
          useFactory: (vouchers: VoucherRepository) => new GetVoucherHandler(vouchers),
        },
        {
          provide: PutContractHandler,
          inject: [CONTRACTS],
          useFactory: (contracts: ContractRepository) => new PutContractHandler(contracts, runtime.clock),
        },
        {
          provide: GetContractHandler,
          inject: [CONTRACTS],
          useFactory: (contracts: ContractRepository) => new GetContractHandler(contracts),
        },
      ],
    };
  }
}
