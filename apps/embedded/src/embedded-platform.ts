import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { ServiceName } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import type { PlatformUrls } from '@hcv/federation-driver';
import { InMemoryProcessedEventLog, InProcessMessageBus, type Subscription } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { createHttpApp, type ServiceRuntime } from '@hcv/service-kit';
import type { StaffTokenVerifier } from '@hcv/staff-auth';
import { AuditModule } from '@hcv/audit-service';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';

export interface EmbeddedPlatform {
  urls: PlatformUrls & { qualificationLookup: string };
  bus: InProcessMessageBus;
  /** Each service's Nest application (to reach a use case directly, e.g. for load runs without HTTP). */
  apps: Record<ServiceName, INestApplication>;
  stop(): Promise<void>;
}

/**
 * All five services in one process: the same Nest modules as the standalone services, each with
 * its own memory store and processed-event log, talking only through the in-process bus.
 */
export async function startEmbeddedPlatform(options: {
  logger: Logger;
  simulator: EligibilitySimulator;
  basePort?: number;
  staffTokens: StaffTokenVerifier;
  /** Extra consumers on the bus (e.g. a load driver's outcome feed); registered before it starts. */
  subscriptions?: Subscription[];
}): Promise<EmbeddedPlatform> {
  const bus = new InProcessMessageBus(options.logger.child({ component: 'bus' }));
  const runtime = (service: ServiceName): ServiceRuntime => ({
    service,
    bus,
    publisher: bus.publisher(service),
    processedLog: new InMemoryProcessedEventLog(),
    storage: { kind: 'memory' },
    logger: options.logger.child({ component: service }),
    clock: () => new Date(),
  });
  const modules: [ServiceName, DynamicModule][] = [
    ['device-registry', DeviceRegistryModule.register(runtime('device-registry'))],
    ['card-session', CardSessionModule.register(runtime('card-session'))],
    ['qualification-lookup', QualificationLookupModule.register(runtime('qualification-lookup'), { nationalSystem: options.simulator })],
    ['voucher-matching', VoucherMatchingModule.register(runtime('voucher-matching'))],
    ['audit', AuditModule.register(runtime('audit'))],
  ];
  const apps: INestApplication[] = [];
  const byService: Partial<Record<ServiceName, INestApplication>> = {};
  const url: Partial<Record<ServiceName, string>> = {};
  for (const [i, [service, module]] of modules.entries()) {
    const app = await createHttpApp(module, options.logger.child({ component: service }), { staffTokens: options.staffTokens });
    await app.init();
    await app.listen(options.basePort ? options.basePort + i + 1 : 0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    url[service] = `http://127.0.0.1:${port}`;
    apps.push(app);
    byService[service] = app;
  }
  for (const subscription of options.subscriptions ?? []) bus.subscribe(subscription);
  await bus.start();
  return {
    urls: {
      deviceRegistry: url['device-registry']!,
      cardSession: url['card-session']!,
      qualificationLookup: url['qualification-lookup']!,
      voucherMatching: url['voucher-matching']!,
      audit: url.audit!,
    },
    bus,
    apps: byService as Record<ServiceName, INestApplication>,
    stop: async () => {
      for (const app of apps) await app.close();
      await bus.stop();
    },
  };
}
