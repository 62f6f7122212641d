import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@hcv/contracts';
import {
  planFederation,
  PlatformClient,
  PlatformHttpError,
  seedFederation,
  type FederationPlan,
  type PlatformUrls,
} from '@hcv/federation-driver';
import { loggedErrors, PLATFORM_SERVICES, startServiceProcess, testStaffTokens, type ServiceProcess } from '@hcv/testing';
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
  const startedAt = Date.now();
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
  // Each service's port is chosen at its first start (chosen again should another process take it
  // before the service listens) and kept for its restarts.
  const ports = new Map<ServiceName, number>();
  const start = async (service: ServiceName, extra?: { workDir: string }) => {
    const started = await startServiceProcess({
      service,
      workDir: extra?.workDir ?? workDir,
      databasePrefix,
      port: extra ? undefined : ports.get(service),
      env: { ...baseEnv, ...options.serviceEnv?.[service] },
    });
    if (!extra) ports.set(service, Number(new URL(started.url).port));
    return started;
  };
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
  const servicesUpAt = Date.now();
  let seededAt = servicesUpAt;
  try {
    await seedFederation(client, plan);
    seededAt = Date.now();
    await waitUntilCardSessionKnows(client, devices, primary.get('card-session')!);
  } catch (error) {
    // The caller never gets a platform to stop: stop the five processes here, or they outlive jest.
    // What the services logged as errors goes with the failure (their log files are not kept).
    await Promise.all([...primary.values()].map((p) => p.stop()));
    const logged = loggedErrors([...primary.values()]);
    throw logged.length ? new Error(`${(error as Error).message}\nlogged by the services:\n${logged.join('\n')}`, { cause: error }) : error;
  }
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  console.log(
    `[fault platform ${options.name}] services ready in ${seconds(startedAt, servicesUpAt)} s, federation seeded in ${seconds(servicesUpAt, seededAt)} s, ` +
      `card-session knew its ${devices.length} devices ${seconds(seededAt, Date.now())} s later`,
  );
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
      const p = await start(service, { workDir: dir });
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

/** Where a probe stopped for one device: the step and its answer (status and error code), or the transport error. */
interface ProbeRefusal {
  /** What the failure message groups devices by: step, status, code. */
  kind: string;
  message: string;
}

function refusalOf(step: 'open' | 'cancel', error: unknown): ProbeRefusal {
  if (error instanceof PlatformHttpError) {
    const answer = (error.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof answer?.code === 'string' ? answer.code : 'no code';
    return { kind: `${step}: ${error.status} ${code}`, message: typeof answer?.message === 'string' ? answer.message : error.message };
  }
  // fetch failed: undici keeps the socket's error (ECONNREFUSED, ECONNRESET, …) as the cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : ((error as Error | undefined)?.name ?? typeof error);
  return { kind: `${step}: no answer (${code})`, message: String(cause?.message ?? (error as Error | undefined)?.message ?? error) };
}

/** The pid that answers /health/live at `url` (undefined when none answers): another process may hold the port. */
async function pidAnswering(url: string): Promise<string> {
  try {
    const body = (await (await fetch(`${url}/health/live`)).json()) as { details?: { process?: { pid?: unknown } } };
    return String(body.details?.process?.pid ?? 'no pid in its answer');
  } catch (error) {
    return `none (${(error as Error).message})`;
  }
}

/**
 * Activation travels registry → Kafka → card-session's read copy: open (and cancel) one session per
 * device. Refusals are expected until the activation and credential arrive (401 device-unknown, 403
 * device-not-registered); every device's last refusal is kept, and a timeout names them grouped by
 * step, status and code, with which process answered at card-session's address. A card-session that
 * exited fails the wait at once (its log is named) instead of after the deadline.
 */
async function waitUntilCardSessionKnows(client: PlatformClient, devices: string[], cardSession: ServiceProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  const pending = [...devices];
  const lastRefusal = new Map<string, ProbeRefusal>();
  while (pending.length) {
    const { child } = cardSession;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `card-session (pid ${child.pid}) exited (${child.exitCode ?? child.signalCode}) while ${pending.length} devices were not known yet; see ${cardSession.logFile}`,
      );
    }
    if (Date.now() > deadline) {
      const byKind = new Map<string, { devices: string[]; message: string }>();
      for (const deviceId of pending) {
        const refusal = lastRefusal.get(deviceId) ?? { kind: 'never probed', message: '' };
        const group = byKind.get(refusal.kind) ?? { devices: [], message: refusal.message };
        group.devices.push(deviceId);
        byKind.set(refusal.kind, group);
      }
      const groups = [...byKind].map(([kind, g]) => `${g.devices.length} × ${kind} (e.g. ${g.devices[0]}: ${g.message})`);
      throw new Error(
        `card-session did not learn ${pending.length} activated devices within 120 s; last answers: ${groups.join('; ')}. ` +
          `${cardSession.url} is answered by pid ${await pidAnswering(cardSession.url)} (card-session's own is ${child.pid}); see ${cardSession.logFile}`,
      );
    }
    const batch = pending.splice(0, 16);
    const results = await Promise.all(
      batch.map(async (deviceId) => {
        let step: 'open' | 'cancel' = 'open';
        try {
          const opened = await client.openSession({ deviceId, purpose: 'specific-checkup' });
          step = 'cancel';
          await client.cancelSession(opened.sessionId, 'fault-setup', 'device probe');
          lastRefusal.delete(deviceId);
          return undefined;
        } catch (error) {
          lastRefusal.set(deviceId, refusalOf(step, error));
          return deviceId;
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
