import { Module, type DynamicModule } from '@nestjs/common';
import { consumerControllers } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import { ApiDocsModule } from '@hcv/platform-http';
import {
  byStorage,
  HealthModule,
  keyRingOf,
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
import { CachingContractRepository, contractCacheEvery } from './persistence/contract.cache';
import { CachingSiteNames } from './persistence/site-name.cache';
import type { ContractRepository } from './persistence/contract.repository';
import { InMemoryDecisionRepository } from './persistence/decision.memory';
import { MongoDecisionRepository } from './persistence/decision.mongo';
import type { DecisionRepository } from './persistence/decision.repository';
import { InMemoryImportJobRepository } from './persistence/import-job.memory';
import { MongoImportJobRepository } from './persistence/import-job.mongo';
import type { ImportJobRepository } from './persistence/import-job.repository';
import { InMemoryVoucherRepository } from './persistence/voucher.memory';
import { migrateVouchers } from './persistence/voucher.migration';
import { MongoVoucherRepository } from './persistence/voucher.mongo';
import type { VoucherRepository } from './persistence/voucher.repository';
import { MongoSiteNameRepository } from './persistence/site-name.mongo';
import { InMemorySiteNameRepository } from './persistence/site-name.memory';
import type { SiteNameRepository } from './persistence/site-name.repository';
import { PutContractHandler } from './put-contract/put-contract.handler';
import { PutContractHttpController } from './put-contract/put-contract.http.controller';
import { RecordSiteHandler } from './record-site/record-site.handler';
import { ListSettlementQueueHandler } from './list-settlement-queue/list-settlement-queue.handler';
import { ListSettlementQueueHttpController } from './list-settlement-queue/list-settlement-queue.http.controller';
import { RecordInstitutionHandler } from './record-institution/record-institution.handler';
import { ListContractInstitutionsHandler } from './list-contract-institutions/list-contract-institutions.handler';
import { ListContractInstitutionsHttpController } from './list-contract-institutions/list-contract-institutions.http.controller';
import { InMemoryInstitutionDirectory } from './persistence/institution-directory.memory';
import { MongoInstitutionDirectory } from './persistence/institution-directory.mongo';
import type { InstitutionDirectory } from './persistence/institution-directory.repository';
import { DEFAULT_CONTRACT_LIST_COLUMNS } from './domain/contract-institution-list';
import { SettleDecisionHandler } from './settle-decision/settle-decision.handler';
import { SettleDecisionHttpController } from './settle-decision/settle-decision.http.controller';
import { CONTRACTS, DECISIONS, IMPORT_JOBS, INSTITUTIONS, SITE_NAMES, VOUCHER_REPOSITORY } from './tokens';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { UndoVoucherUseHttpController } from './undo-voucher-use/undo-voucher-use.http.controller';
import { DEFAULT_CONTRACT_CHECK_MILLIS, loadVoucherMatchingConfig, type VoucherMatchingConfig } from './voucher-matching.config';
import { voucherMatchingOpenApi } from './voucher-matching.openapi';
import { VOUCHER_MATCHING_TOPICS } from './voucher-matching.topics';

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class VoucherMatchingModule {
  /** `options` (tests, embedded) override the configuration read from the environment. */
  static register(runtime: ServiceRuntime, options: Partial<VoucherMatchingConfig> = {}): DynamicModule {
    // Given a key (tests, embedded), the environment is not read at all; the desk then settles only if told.
    const config: VoucherMatchingConfig =
      options.piiKey !== undefined
        ? {
            deskSettles: false,
            contractListColumns: [...DEFAULT_CONTRACT_LIST_COLUMNS],
            contractCheckMillis: DEFAULT_CONTRACT_CHECK_MILLIS,
            ...options,
            piiKey: options.piiKey,
            piiKeys: options.piiKeys ?? keyRingOf({ '1': options.piiKey }),
          }
        : { ...loadVoucherMatchingConfig(), ...options };
    const digester = new MemberDigester(config.piiKeys);
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
        ListContractInstitutionsHttpController,
        SettleDecisionHttpController,
        ListSettlementQueueHttpController,
        ...consumerControllers(VOUCHER_MATCHING_TOPICS),
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: VOUCHER_REPOSITORY,
          // Stored vouchers of the first shape are migrated before anything reads them (idempotent).
          useFactory: () =>
            byStorage<Promise<VoucherRepository>>(runtime.storage, {
              mongo: async (c) => (await migrateVouchers(c, runtime.logger), new MongoVoucherRepository(c)),
              memory: async () => new InMemoryVoucherRepository(),
            }),
        },
        {
          provide: CONTRACTS,
          useFactory: () => {
            const stored = byStorage<ContractRepository>(runtime.storage, {
              mongo: (c) => new MongoContractRepository(c),
              memory: () => new InMemoryContractRepository(),
            });
            // Every verification asks which contracts cover it; they change rarely: answers are kept.
            return config.contractCheckMillis > 0
              ? new CachingContractRepository(stored, contractCacheEvery(config.contractCheckMillis))
              : stored;
          },
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
          provide: SITE_NAMES,
          // Every matched voucher's use names its site: names are kept a minute (site-name.cache.ts).
          useFactory: () =>
            new CachingSiteNames(
              byStorage<SiteNameRepository>(runtime.storage, {
                mongo: (c) => new MongoSiteNameRepository(c),
                memory: () => new InMemorySiteNameRepository(),
              }),
            ),
        },
        { provide: RecordSiteHandler, inject: [SITE_NAMES], useFactory: (sites: SiteNameRepository) => new RecordSiteHandler(sites) },
        {
          provide: INSTITUTIONS,
          useFactory: () =>
            byStorage<InstitutionDirectory>(runtime.storage, {
              mongo: (c) => new MongoInstitutionDirectory(c),
              memory: () => new InMemoryInstitutionDirectory(),
            }),
        },
        {
          provide: RecordInstitutionHandler,
          inject: [INSTITUTIONS],
          useFactory: (directory: InstitutionDirectory) => new RecordInstitutionHandler(directory),
        },
        {
          provide: ListContractInstitutionsHandler,
          inject: [CONTRACTS, INSTITUTIONS],
          useFactory: (contracts: ContractRepository, directory: InstitutionDirectory) =>
            new ListContractInstitutionsHandler(contracts, directory, config.contractListColumns, runtime.clock),
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
          inject: [VOUCHER_REPOSITORY, CONTRACTS, SITE_NAMES, DECISIONS, OUTBOX_RELAY, INSTITUTIONS],
          useFactory: (
            vouchers: VoucherRepository,
            contracts: ContractRepository,
            sites: SiteNameRepository,
            decisions: DecisionRepository,
            outbox: Outbox,
            insurers: InstitutionDirectory,
          ) => new MatchVoucherHandler(vouchers, contracts, sites, decisions, outbox, runtime.clock, digester, insurers),
        },
        {
          provide: SettleDecisionHandler,
          inject: [VOUCHER_REPOSITORY, SITE_NAMES, DECISIONS, OUTBOX_RELAY],
          useFactory: (vouchers: VoucherRepository, sites: SiteNameRepository, decisions: DecisionRepository, outbox: Outbox) =>
            new SettleDecisionHandler(
              vouchers,
              sites,
              decisions,
              outbox,
              runtime.clock,
              config.deskSettles ? ['operator', 'site-manager'] : ['operator'],
            ),
        },
        {
          provide: ListSettlementQueueHandler,
          inject: [DECISIONS, SITE_NAMES],
          useFactory: (decisions: DecisionRepository, sites: SiteNameRepository) =>
            new ListSettlementQueueHandler(decisions, sites, runtime.clock),
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
