import { Module, type DynamicModule } from '@nestjs/common';
import { consumerControllers } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import { ApiDocsModule } from '@hcv/platform-http';
import { byStorage, HealthModule, OUTBOX_RELAY, OutboxRelayRunner, outboxRelayProvider, RUNTIME, secretFromEnv, type ServiceRuntime } from '@hcv/platform-runtime';
import { voucherMatchingOpenApi } from './voucher-matching.openapi';
import { MemberDigester } from './vouchers/member-seal';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { MatchVoucherHandler } from './match-voucher/match-voucher.handler';
import { CONTRACTS, DECISIONS, IMPORT_JOBS, VOUCHER_REPOSITORY } from './tokens';
import { InMemoryDecisionRepository, MongoDecisionRepository, type DecisionRepository } from './match-voucher/decision.repository';
import { InMemoryContractRepository, MongoContractRepository, type ContractRepository } from './contracts/contract.repository';
import { ContractsHttpController } from './contracts.http.controller';
import { InMemoryImportJobRepository, MongoImportJobRepository, type ImportJobRepository } from './import-vouchers/import-job.repository';
import { InMemoryVoucherRepository, MongoVoucherRepository, type VoucherRepository } from './vouchers/voucher.repository';
import { VouchersHttpController } from './vouchers.http.controller';
import { VOUCHER_MATCHING_TOPICS } from './voucher-matching.topics';

// Development default only, refused with NODE_ENV=production; deployments set VOUCHER_PII_KEY (or
// VOUCHER_PII_KEY_FILE) from a secret. Changing the key invalidates the stored digests: re-import.
export const DEV_VOUCHER_PII_KEY = 'dev-only-voucher-member-digest-key';

/** The key voucher member fields are digested with (see secretFromEnv for the rules). */
export function voucherPiiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return secretFromEnv({ name: 'VOUCHER_PII_KEY', value: env.VOUCHER_PII_KEY, file: env.VOUCHER_PII_KEY_FILE, nodeEnv: env.NODE_ENV, devDefault: DEV_VOUCHER_PII_KEY, minLength: 32 });
}

/** Wiring only: the runtime decides the adapters (Kafka + MongoDB, or in-process + memory). */
@Module({})
export class VoucherMatchingModule {
  static register(runtime: ServiceRuntime, options: { piiKey?: string } = {}): DynamicModule {
    const digester = new MemberDigester(options.piiKey ?? voucherPiiKeyFromEnv());
    return {
      module: VoucherMatchingModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(voucherMatchingOpenApi)],
      controllers: [VouchersHttpController, ContractsHttpController, ...consumerControllers(VOUCHER_MATCHING_TOPICS)],
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
          provide: DECISIONS,
          useFactory: () =>
            byStorage<DecisionRepository>(runtime.storage, { mongo: (c) => new MongoDecisionRepository(c), memory: () => new InMemoryDecisionRepository() }),
        },
        outboxRelayProvider(runtime, [VOUCHER_REPOSITORY, DECISIONS], (v: VoucherRepository, d: DecisionRepository) => [d.outbox, v.outbox]),
        OutboxRelayRunner,
        {
          provide: MatchVoucherHandler,
          inject: [VOUCHER_REPOSITORY, CONTRACTS, DECISIONS, OUTBOX_RELAY],
          useFactory: (vouchers: VoucherRepository, contracts: ContractRepository, decisions: DecisionRepository, outbox: Outbox) =>
            new MatchVoucherHandler(vouchers, contracts, decisions, outbox, runtime.clock, digester),
        },
        {
          provide: IMPORT_JOBS,
          useFactory: () =>
            byStorage<ImportJobRepository>(runtime.storage, { mongo: (c) => new MongoImportJobRepository(c), memory: () => new InMemoryImportJobRepository() }),
        },
        {
          provide: ImportVouchersHandler,
          inject: [VOUCHER_REPOSITORY, IMPORT_JOBS],
          useFactory: (vouchers: VoucherRepository, jobs: ImportJobRepository) => new ImportVouchersHandler(vouchers, jobs, runtime.clock, runtime.logger, digester),
        },
        {
          provide: UndoVoucherUseHandler,
          inject: [VOUCHER_REPOSITORY, OUTBOX_RELAY],
          useFactory: (vouchers: VoucherRepository, outbox: Outbox) => new UndoVoucherUseHandler(vouchers, outbox, runtime.clock),
        },
      ],
    };
  }
}
