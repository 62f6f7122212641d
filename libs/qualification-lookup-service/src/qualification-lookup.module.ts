import { Module, type DynamicModule } from '@nestjs/common';
import { hostname } from 'node:os';
import { consumerControllers } from '@hcv/messaging';
import type { Outbox } from '@hcv/persistence';
import {
  DEVICE_CREDENTIALS,
  DeviceAuthGuard,
  InMemoryNonceStore,
  MongoNonceStore,
  type DeviceCredentials,
  type NonceStore,
} from '@hcv/platform-access';
import { ApiDocsModule } from '@hcv/platform-http';
import {
  byStorage,
  HealthModule,
  OUTBOX_RELAY,
  OutboxRelayRunner,
  outboxRelayProvider,
  RUNTIME,
  storedIn,
  type ServiceRuntime,
} from '@hcv/platform-runtime';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import type { NationalEligibilitySystem } from './adapters/national-system.port';
import { upstreamAdaptersFor, type UpstreamAdapters } from './adapters/upstream-adapters';
import { isUpstreamSource, sourcesInUse, type EligibilitySourceSettings, type UpstreamSourceKind } from './domain/eligibility-source';
import { ListBridgeRequestsHandler } from './list-bridge-requests/list-bridge-requests.handler';
import { ListBridgeRequestsHttpController } from './list-bridge-requests/list-bridge-requests.http.controller';
import { InMemoryBridgeDeviceDirectory } from './persistence/bridge-device.memory';
import { MongoBridgeDeviceDirectory } from './persistence/bridge-device.mongo';
import type { BridgeDeviceDirectory } from './persistence/bridge-device.repository';
import { InMemoryBridgeRequestRepository } from './persistence/bridge-request.memory';
import { MongoBridgeRequestRepository } from './persistence/bridge-request.mongo';
import type { BridgeRequestRepository } from './persistence/bridge-request.repository';
import { SubmitBridgeAnswerHandler } from './submit-bridge-answer/submit-bridge-answer.handler';
import { SubmitBridgeAnswerHttpController } from './submit-bridge-answer/submit-bridge-answer.http.controller';
import { TrackBridgeDevicesHandler } from './track-bridge-devices/track-bridge-devices.handler';
import { DEFAULT_RESILIENCE, ResilientLookup, type ResilienceOptions } from './adapters/resilient-lookup';
import type { InstitutionRateLimit } from './adapters/rate-limiter.port';
import { MongoInstitutionRateLimit } from './persistence/rate-window.mongo';
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
import { BRIDGE_DEVICES, BRIDGE_REQUESTS, LOOKUP_RECORDS, UPSTREAMS } from './tokens';

export interface QualificationLookupOptions {
  /**
   * An adapter behind the port given by the caller (tests, the embedded runner) instead of the ones
   * the configuration builds: it serves the `simulator` and `generic-http` sources. Without `sources`,
   * every institution is then answered by it (unless the request carries the device's report).
   */
  nationalSystem?: NationalEligibilitySystem;
  /** Where answers come from, per institution; the configuration's (ELIGIBILITY_SOURCE…) when not given. */
  sources?: EligibilitySourceSettings;
  /** The parsed environment; parsed at registration when not given. */
  config?: QualificationLookupConfig;
  /** Overrides of the configuration (tests, the embedded runner). */
  resilience?: Partial<ResilienceOptions>;
  retry?: Partial<RetryPolicy>;
}

/** The sources and their adapters: the options' when given, otherwise the configuration's; every upstream source named must have one. */
function sourcesOf(options: QualificationLookupOptions, config: QualificationLookupConfig) {
  const given = options.nationalSystem;
  const settings: EligibilitySourceSettings =
    options.sources ??
    (given ? { defaultSource: given instanceof EligibilitySimulator ? 'simulator' : 'generic-http', byInstitution: {} } : config.sources);
  const adapters: UpstreamAdapters = given ? { simulator: given, 'generic-http': given } : upstreamAdaptersFor(config);
  for (const kind of sourcesInUse(settings))
    if (isUpstreamSource(kind) && !adapters[kind]) throw new Error(`qualification-lookup: the ${kind} source is named but has no adapter`);
  return { settings, adapters };
}

/** Wiring only. */
@Module({})
export class QualificationLookupModule {
  static register(runtime: ServiceRuntime, options: QualificationLookupOptions): DynamicModule {
    const config = options.config ?? loadQualificationLookupConfig();
    const resilience: ResilienceOptions = { ...DEFAULT_RESILIENCE, ...config.resilience, ...options.resilience };
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry, ...options.retry };
    const sources = sourcesOf(options, config);
    return {
      module: QualificationLookupModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(qualificationLookupOpenApi)],
      controllers: [
        GetLookupHttpController,
        ListBridgeRequestsHttpController,
        SubmitBridgeAnswerHttpController,
        ...consumerControllers(QUALIFICATION_LOOKUP_TOPICS),
      ],
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
          provide: UPSTREAMS,
          inject: [AnnounceCircuitChangeHandler],
          useFactory: (announce: AnnounceCircuitChangeHandler) => {
            // One resilience (rate limit, breaker) per adapter, shared by the sources it serves.
            const byAdapter = new Map<NationalEligibilitySystem, ResilientLookup>();
            const upstreams: Partial<Record<UpstreamSourceKind, ResilientLookup>> = {};
            for (const [kind, adapter] of Object.entries(sources.adapters) as [UpstreamSourceKind, NationalEligibilitySystem][]) {
              let lookup = byAdapter.get(adapter);
              if (!lookup) {
                // Replicas on MongoDB share the per-institution limit; the in-process runtime keeps its own bucket.
                const shared = byStorage<InstitutionRateLimit | undefined>(runtime.storage, {
                  mongo: (c) => new MongoInstitutionRateLimit(c, { ratePerSecond: resilience.ratePerSecond, scope: kind }),
                  memory: () => undefined,
                });
                lookup = new ResilientLookup(adapter, resilience, Date.now, shared);
                lookup.breaker.onChange((change) => void announce.handle(change));
                byAdapter.set(adapter, lookup);
              }
              upstreams[kind] = lookup;
            }
            return upstreams;
          },
        },
        {
          provide: BRIDGE_REQUESTS,
          ...storedIn<BridgeRequestRepository>(
            runtime,
            (c) => new MongoBridgeRequestRepository(c),
            () => new InMemoryBridgeRequestRepository(),
          ),
        },
        {
          provide: BRIDGE_DEVICES,
          ...storedIn<BridgeDeviceDirectory>(
            runtime,
            (c) => new MongoBridgeDeviceDirectory(c),
            () => new InMemoryBridgeDeviceDirectory(),
          ),
        },
        {
          provide: DEVICE_CREDENTIALS,
          inject: [BRIDGE_DEVICES],
          useFactory: (devices: BridgeDeviceDirectory): DeviceCredentials => ({
            lookup: async (id) => {
              const d = await devices.get(id);
              return d?.state ? { deviceId: d.deviceId, state: d.state, signingKey: d.signingKey } : null;
            },
            nonces: byStorage<NonceStore>(runtime.storage, {
              mongo: (c) => new MongoNonceStore(c),
              memory: () => new InMemoryNonceStore(),
            }),
          }),
        },
        DeviceAuthGuard,
        {
          provide: TrackBridgeDevicesHandler,
          inject: [BRIDGE_DEVICES],
          useFactory: (d: BridgeDeviceDirectory) => new TrackBridgeDevicesHandler(d, config.deviceKeys),
        },
        {
          provide: ResolveEligibilityHandler,
          inject: [UPSTREAMS, BRIDGE_REQUESTS, LOOKUP_RECORDS, OUTBOX_RELAY],
          useFactory: (
            upstreams: Partial<Record<UpstreamSourceKind, ResilientLookup>>,
            bridge: BridgeRequestRepository,
            records: LookupRecordRepository,
            outbox: Outbox,
          ) =>
            new ResolveEligibilityHandler(
              { settings: sources.settings, upstreams, bridge },
              records,
              runtime.publisher,
              outbox,
              runtime.clock,
              retry,
            ),
        },
        {
          provide: ListBridgeRequestsHandler,
          inject: [BRIDGE_DEVICES, BRIDGE_REQUESTS],
          useFactory: (d: BridgeDeviceDirectory, b: BridgeRequestRepository) => new ListBridgeRequestsHandler(d, b, runtime.clock),
        },
        {
          provide: SubmitBridgeAnswerHandler,
          inject: [BRIDGE_DEVICES, BRIDGE_REQUESTS, ResolveEligibilityHandler],
          useFactory: (d: BridgeDeviceDirectory, b: BridgeRequestRepository, r: ResolveEligibilityHandler) =>
            new SubmitBridgeAnswerHandler(d, b, r, runtime.clock),
        },
        GetLookupHandler,
      ],
    };
  }
}
