import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@hcv/contracts';
import { planFederation, PlatformClient, seedFederation, type FederationPlan, type PlatformUrls } from '@hcv/federation-driver';
import { freePort, PLATFORM_SERVICES, startServiceProcess, testStaffTokens, type ServiceProcess } from '@hcv/testing';
import { SteadyLoad } from './steady-load';

/**
 * The five services as separate processes for a fault test, seeded with a federation of many
 * devices (an open-loop driver needs free devices while sessions stall during a fault), with
 * fixed ports so that a killed service comes back at the same address (as behind a k8s Service).
 * Processes are signalled by their own pid only.
 */
export interface FaultPlatform {
  client: PlatformClient;
  plan: FederationPlan;
  devices: string[];
  checkupDate: string;
  workDir: string;
  /** The first instance of each service. */
  process(service: ServiceName): ServiceProcess;
  /** SIGKILL (or `signal`) to the service's process; resolves once it has exited. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts the service again on its port and database; resolves once /health/ready answers. */
  restart(service: ServiceName): Promise<ServiceProcess>;
  /** One more instance of a service (same database and consumer groups, its own port and log). */
  startExtraInstance(service: ServiceName): Promise<ServiceProcess>;
  /** A load driver over the visits no earlier driver of this platform has used. */
  load(ratePerSecond: number): SteadyLoad;
  stop(): Promise<void>;
}

export interface FaultPlatformOptions {
  name: string;
  /** Environment for every service: at least KAFKA_BROKERS and MONGO_URL when the test runs its own servers. */
  env?: Record<string, string>;
  /** Extra environment for one service (e.g. qualification-lookup's GENERIC_HTTP_URL). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  devices?: number;
  visits?: number;
}

export const FAULT_SEED = 6106;
export const FAULT_POPULATION = 400;

function exited(child: ServiceProcess['child']): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startFaultPlatform(options: FaultPlatformOptions): Promise<FaultPlatform> {
  const workDir = mkdtempSync(join(tmpdir(), `hcv-fault-${options.name}-`));
  const databasePrefix = `fault_${options.name.replace(/\W/g, '_')}_${randomUUID().slice(0, 6)}`;
  const checkupDate = new Date().toISOString().slice(0, 10);
  const deviceCount = options.devices ?? 160;
  const facilities = 8;
  const plan = planFederation({
    seed: FAULT_SEED,
    population: FAULT_POPULATION,
    facilities,
    buses: 0,
    devicesPerSite: Math.ceil(deviceCount / facilities),
    visits: options.visits ?? 3_000,
    checkupDate,
  });
  const baseEnv = {
    SIMULATOR_SEED: String(FAULT_SEED),
    SIMULATOR_POPULATION: String(FAULT_POPULATION),
    AUDIT_PII_KEY: 'fault-test-key',
    // No span file: writing every span of a steady stream costs the 2-core machine more than the
    // services' own work (traces still flow in the headers and reach the audit trail).
    OTEL_SPANS_FILE: '',
    ...options.env,
  };
  const ports = new Map<ServiceName, number>();
  for (const service of PLATFORM_SERVICES) ports.set(service, await freePort());
  const start = (service: ServiceName, extra?: { port: number; workDir: string }) =>
    startServiceProcess({
      service,
      workDir: extra?.workDir ?? workDir,
      databasePrefix,
      port: extra?.port ?? ports.get(service)!,
      env: { ...baseEnv, ...options.serviceEnv?.[service] },
    });
  const primary = new Map<ServiceName, ServiceProcess>();
  const extras: ServiceProcess[] = [];
  const started = await Promise.allSettled(PLATFORM_SERVICES.map(async (s) => [s, await start(s)] as const));
  for (const result of started) if (result.status === 'fulfilled') primary.set(...result.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    // One did not come up: stop the others (by pid), or they outlive jest.
    await Promise.all([...primary.values()].map((p) => p.stop(5_000)));
    throw failed.reason;
  }
  const url = (service: ServiceName) => `http://127.0.0.1:${ports.get(service)}`;
  const urls: PlatformUrls = {
    deviceRegistry: url('device-registry'),
    cardSession: url('card-session'),
    voucherMatching: url('voucher-matching'),
    audit: url('audit'),
  };
  const client = new PlatformClient(urls, { staffTokens: testStaffTokens() });
  const devices = plan.sites.flatMap((s) => s.devices);
  try {
    await seedFederation(client, plan);
    await waitUntilCardSessionKnows(client, devices);
  } catch (error) {
    // The caller never gets a platform to stop: stop the five processes here, or they outlive jest.
    await Promise.all([...primary.values()].map((p) => p.stop()));
    throw error;
  }
  let nextVisit = 0;

  return {
    client,
    plan,
    devices,
    checkupDate,
    workDir,
    process: (service) => primary.get(service)!,
    kill: async (service, signal = 'SIGKILL') => {
      const child = primary.get(service)!.child;
      child.kill(signal);
      await exited(child);
    },
    restart: async (service) => {
      const p = await start(service);
      primary.set(service, p);
      return p;
    },
    startExtraInstance: async (service) => {
      const dir = join(workDir, `extra-${extras.length + 1}`);
      mkdirSync(dir, { recursive: true });
      const p = await start(service, { port: await freePort(), workDir: dir });
      extras.push(p);
      return p;
    },
    load: (ratePerSecond) =>
      new SteadyLoad(client, {
        nextVisit: () => plan.visits[nextVisit++],
        devices,
        ratePerSecond,
        checkupDate,
        cardSessionUrl: () => urls.cardSession,
      }),
    stop: async () => {
      await Promise.all([...primary.values(), ...extras].map((p) => p.stop()));
      // The service logs stay for a look after a failure when FAULT_KEEP_LOGS=1.
      if (process.env.FAULT_KEEP_LOGS !== '1') rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Activation travels registry → Kafka → card-session's read copy: open (and cancel) one session per device. */
async function waitUntilCardSessionKnows(client: PlatformClient, devices: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  const pending = [...devices];
  while (pending.length) {
    if (Date.now() > deadline) throw new Error(`card-session did not learn ${pending.length} activated devices within 120 s`);
    const batch = pending.splice(0, 16);
    const results = await Promise.all(
      batch.map(async (deviceId) => {
        try {
          const opened = await client.openSession({ deviceId, purpose: 'specific-checkup' });
          await client.cancelSession(opened.sessionId, 'fault-setup', 'device probe');
          return undefined;
        } catch {
          return deviceId; // 401/403 until the activation (and credential) arrive
        }
      }),
    );
    const late = results.filter((d): d is string => d !== undefined);
    if (late.length) {
      pending.push(...late);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
