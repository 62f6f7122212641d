import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { AddressInfo } from 'node:net';
import type { DeskClientConfig, ServiceName } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import type { PlatformUrls } from '@hcv/federation-driver';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport, type EventHandler, type GroupSettings } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { createHttpApp } from '@hcv/platform-http';
import { type ServiceRuntime } from '@hcv/platform-runtime';
import type { StaffTokens } from '@hcv/platform-access';
import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { DEFAULT_SOURCES, QualificationLookupModule, type EligibilitySourceSettings } from '@hcv/qualification-lookup-service';
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
  /**
   * Where qualification-lookup's answers come from: by default the device's report (資格確認限定型), as in
   * production; a card read without a report is then "unavailable". The simulator answers only for
   * the sources that name it (`{ defaultSource: 'simulator', byInstitution: {} }`); a report is used whenever sent.
   */
  eligibilitySources?: EligibilitySourceSettings;
  basePort?: number;
  staffTokens: StaffTokens;
  /** The desk's login (embedded: the development identity provider), answered at GET /desk/config.json with the URLs below. */
  deskLogin?: { issuer: string; clientId: string; audience: string; scopes: string[] };
  /** Extra consumer groups without a controller (e.g. a load driver's outcome feed); subscribed before the bus starts. */
  consumers?: { settings: GroupSettings; handlers: EventHandler[] }[];
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
  const runtimes = {
    'device-registry': runtime('device-registry'),
    'card-session': runtime('card-session'),
    'qualification-lookup': runtime('qualification-lookup'),
    'voucher-matching': runtime('voucher-matching'),
    audit: runtime('audit'),
  } satisfies Record<ServiceName, ServiceRuntime>;
  const url: Partial<Record<ServiceName, string>> = {};
  // The reception app learns where the services are from card-session (its settings, its CSP), and
  // device-registry lets it call from card-session's origin: read per request, as the ports are known
  // only once the servers listen.
  const modules: [ServiceName, DynamicModule][] = [
    [
      'device-registry',
      DeviceRegistryModule.register(runtimes['device-registry'], { receptionOrigins: () => [url['card-session'] ?? ''] }),
    ],
    [
      'card-session',
      CardSessionModule.register(runtimes['card-session'], {
        reception: { deviceRegistryUrl: () => url['device-registry'] ?? '', cardSessionUrl: () => url['card-session'] ?? '' },
      }),
    ],
    [
      'qualification-lookup',
      QualificationLookupModule.register(runtimes['qualification-lookup'], {
        nationalSystem: options.simulator,
        sources: options.eligibilitySources ?? DEFAULT_SOURCES,
      }),
    ],
    ['voucher-matching', VoucherMatchingModule.register(runtimes['voucher-matching'])],
    [
      'audit',
      AuditModule.register(runtimes.audit, {
        alongside: [OperationsDeskModule.alongsideAudit(runtimes.audit, { desk: () => deskConfig(options.deskLogin) })],
        ...(options.deskLogin ? { desk: () => deskConfig(options.deskLogin) } : {}),
      }),
    ],
  ];
  const deskConfig = (login: typeof options.deskLogin): DeskClientConfig => ({
    ...(login ?? { issuer: null, clientId: 'operations-desk', audience: null, scopes: [] }),
    apis: {
      audit: url.audit ?? null,
      deviceRegistry: url['device-registry'] ?? null,
      voucherMatching: url['voucher-matching'] ?? null,
      cardSession: url['card-session'] ?? null,
    },
  });
  const apps: INestApplication[] = [];
  const byService: Partial<Record<ServiceName, INestApplication>> = {};
  for (const [i, [service, module]] of modules.entries()) {
    // The desk (served by audit) calls the other services from the browser: its origin is allowed once known.
    const deskOrigin = () => (url.audit ? [url.audit] : []);
    const app = await createHttpApp(module, options.logger.child({ component: service }), {
      staffTokens: options.staffTokens,
      security: { corsAllowedOrigins: deskOrigin },
    });
    // The same @EventPattern controllers as the standalone services, on the shared in-process bus,
    // which starts once every service has subscribed.
    app.connectMicroservice<MicroserviceOptions>({
      strategy: new MessageBusTransport(bus, { processedLog: runtimes[service].processedLog, startsBus: false }),
    });
    await app.init();
    await app.startAllMicroservices();
    await app.listen(options.basePort ? options.basePort + i + 1 : 0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    url[service] = `http://127.0.0.1:${port}`;
    apps.push(app);
    byService[service] = app;
  }
  const extra = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog(), startsBus: false });
  for (const { settings, handlers } of options.consumers ?? []) extra.consume(settings, handlers);
  await extra.start();
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
