import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { CardSessionModule } from '@hcv/card-session-service';
import { signingKeyFromSecret } from '@hcv/platform-access';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { planFederation, PlatformClient, seedFederation, type FederationPlan, type SitePlan } from '@hcv/federation-driver';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import { discoverRoutes, startInProcessService, testStaffTokens, waitFor, type DiscoveredRoute, type InProcessService } from '@hcv/testing';

const MODULES: Record<ServiceName, (runtime: ServiceRuntime) => DynamicModule> = {
  'device-registry': (r) => DeviceRegistryModule.register(r),
  // Streams end quickly here: the fuzzer reads every answer to its end.
  'card-session': (r) => CardSessionModule.register(r, { sessionStream: { maxMillis: 300 } }),
  'qualification-lookup': (r) => QualificationLookupModule.register(r, { nationalSystem: new EligibilitySimulator({ seed: 7, size: 50 }) }),
  'voucher-matching': (r) => VoucherMatchingModule.register(r),
  audit: (r) =>
    AuditModule.register(r, {
      piiKey: 'abuse-test-audit-key',
      alongside: [OperationsDeskModule.alongsideAudit(r, { streamMaxMillis: 300 })],
    }),
};

export interface AbusePlatform {
  routes: DiscoveredRoute[];
  url(service: ServiceName): string;
  plan: FederationPlan;
  site: SitePlan;
  checkupDate: string;
  /** A device of the federation whose signing key the suite holds. */
  ownDevice: string;
  signingKey: string;
  /** A session the own device opened. */
  sessionId: string;
  stop(): Promise<void>;
}

/**
 * The five services in the test process over the real broker and database (one database each),
 * a small federation seeded through the HTTP APIs, and one activated device the suite can sign as.
 */
export async function startAbusePlatform(prefix: string): Promise<AbusePlatform> {
  const run = randomUUID().slice(0, 8);
  const services = new Map<ServiceName, InProcessService>();
  const routes: DiscoveredRoute[] = [];
  for (const [service, factory] of Object.entries(MODULES) as [ServiceName, (r: ServiceRuntime) => DynamicModule][]) {
    const module = (runtime: ServiceRuntime) => {
      const m = factory(runtime);
      routes.push(...discoverRoutes(service, m));
      return m;
    };
    services.set(service, await startInProcessService({ service, module, database: `${prefix}_${run}_${service.replace(/-/g, '_')}` }));
  }
  const url = (service: ServiceName) => services.get(service)!.url;
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: 99, population: 40, facilities: 1, buses: 1, devicesPerSite: 1, visits: 6, checkupDate });
  const site = plan.sites[0]!;
  const client = new PlatformClient(
    {
      deviceRegistry: url('device-registry'),
      cardSession: url('card-session'),
      voucherMatching: url('voucher-matching'),
      audit: url('audit'),
    },
    { staffTokens: testStaffTokens() },
  );
  await seedFederation(client, plan);
  const ownDevice = `abuse-${run}-dev`;
  await client.registerDevice({
    deviceId: ownDevice,
    institutionNumber: site.institutionNumber,
    siteId: site.siteId,
    kind: 'tablet',
    requestedBy: 'abuse-suite',
  });
  const activated = await client.activateDevice(ownDevice, 'abuse-suite');
  // card-session learns the device from the registry's events.
  await waitFor(
    async () => (await client.deviceRequest(ownDevice, 'GET', `${url('card-session')}/sessions/${randomUUID()}`, '')).status === 404,
    60_000,
    'card-session to accept the suite’s device',
  );
  const sessionId = (await client.openSession({ deviceId: ownDevice, purpose: 'specific-checkup', checkupDate })).sessionId;
  return {
    routes,
    url,
    plan,
    site,
    checkupDate,
    ownDevice,
    signingKey: signingKeyFromSecret(activated.issuedCredential!.secret),
    sessionId,
    stop: async () => {
      for (const s of services.values()) await s.stop();
    },
  };
}
