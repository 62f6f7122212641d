import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@hcv/contracts';
import { serviceEntry, serviceMain, SERVICE_ENTRY_SETTING } from '@hcv/testing/service-main';
import { keepAliveTransport, PlatformClient } from '@hcv/federation-driver';
import { staffTokensForAllRoles } from '@hcv/platform-access';
import { transportSettingsFromEnv } from './bench-kafka';
import { counterBy, counterTotal } from './prometheus-text';

/** The repository root, from dist/apps/bench/src. */
export const ROOT = join(__dirname, '../../../..');
export const SERVICES: ServiceName[] = ['device-registry', 'card-session', 'qualification-lookup', 'voucher-matching', 'audit'];
/** The services that only consume (or consume besides HTTP) in their groups: `--instances N` starts N of each. */
export const CONSUMER_SERVICES: ServiceName[] = ['card-session', 'qualification-lookup', 'voucher-matching', 'audit'];
/**
 * The ENV of deploy/docker/Dockerfile's runtime stage: what the images run the services with. The
 * benches start them with its NODE_OPTIONS as flags (IMAGE_NODE_FLAGS, the default of `--node-flags`)
 * and its process settings (IMAGE_RUNTIME_ENV: MALLOC_ARENA_MAX, …; `--env` overrides).
 */
function imageRuntimeEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(ROOT, 'deploy/docker/Dockerfile'), 'utf8');
  const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile.slice(dockerfile.indexOf(' AS runtime')));
  if (!block) throw new Error('deploy/docker/Dockerfile: no ENV in the runtime stage');
  return Object.fromEntries([...block[1]!.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
}
const IMAGE_ENV = imageRuntimeEnv();
/** The images' Node flags (deploy/docker/Dockerfile NODE_OPTIONS): the benches run the services with them by default. */
export const IMAGE_NODE_FLAGS = IMAGE_ENV.NODE_OPTIONS ?? '';
/** The images' process settings that are not the app's own (the app's come from the bench: NODE_ENV, APP, HTTP_HOST). */
export const IMAGE_RUNTIME_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(IMAGE_ENV).filter(([name]) => name.startsWith('MALLOC_') || name.startsWith('UV_')),
);
/** The database command counter every service exposes at /metrics (libs/platform/metrics). */
export const DATABASE_COMMANDS_METRIC = 'hcv_mongodb_commands_total';

interface InfraState {
  kafkaBrokers: string;
  mongoUrl: string;
  pids: { kafka?: number; mongo?: number };
}
interface InfraModule {
  jarsPresent(): boolean;
  fetchJars(): void;
  startAll(options: { stateFile: string }): Promise<InfraState>;
  stopAll(state: InfraState): Promise<void>;
  killAllNow(state: InfraState): void;
  freePort(): Promise<number>;
}

export interface Infra {
  brokers: string;
  mongoUrl: string;
  /** The broker's and the database's process ids, when this run started them (for CPU accounting). */
  pids: { kafka?: number; mongo?: number };
  stop(): Promise<void>;
}

/**
 * Kafka 4.1.1 and mongo-java-server for a benchmark run: the ones named by KAFKA_BROKERS/MONGO_URL
 * if both are set, otherwise a fresh pair from tools/infra/infra.mjs, stopped by pid at the end.
 */
/** tools/infra/infra.mjs, imported once (its freePort serves the service processes too). */
let infraImport: Promise<InfraModule> | undefined;
function infraModule(): Promise<InfraModule> {
  // A real dynamic import: `import()` compiles to require() under module commonjs.
  const importModule = new Function('p', 'return import(p)') as (p: string) => Promise<InfraModule>;
  infraImport ??= importModule(join(ROOT, 'tools/infra/infra.mjs'));
  return infraImport;
}

export async function startInfra(): Promise<Infra> {
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) {
    return { brokers: process.env.KAFKA_BROKERS, mongoUrl: process.env.MONGO_URL, pids: {}, stop: async () => undefined };
  }
  const infra = await infraModule();
  if (!infra.jarsPresent()) infra.fetchJars();
  const state = await infra.startAll({ stateFile: join(ROOT, '.cache/infra', `bench-${process.pid}.json`) });
  const killOnExit = () => infra.killAllNow(state);
  process.once('exit', killOnExit);
  return {
    brokers: state.kafkaBrokers,
    mongoUrl: state.mongoUrl,
    pids: state.pids,
    stop: async () => {
      await infra.stopAll(state);
      process.removeListener('exit', killOnExit);
    },
  };
}

/** Resident set size of a pid in MB, from /proc (Linux). */
export function residentMegabytes(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a pid has used so far, in seconds, from /proc/<pid>/stat (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface RunningService {
  service: ServiceName;
  instance: string;
  /** `card-session` for the first instance, `card-session#2` for the second. */
  label: string;
  port: number;
  url: string;
  child: ChildProcess;
  logFile: string;
  rss(): number;
  /** SIGTERM (graceful drain), SIGKILL after `graceMillis`; resolves when the process is gone. */
  stop(graceMillis?: number): Promise<void>;
}

export interface BenchPlatformOptions {
  infra: Infra;
  workDir: string;
  /** Extra environment for every service (e.g. SIMULATOR_LATENCY_MS). */
  env?: Record<string, string>;
  /** Extra node flags per service, e.g. `--cpu-prof`. */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
}

/**
 * The five services as separate processes (node dist/bundles/<service>.js as the images run them,
 * or dist/apps/<service>/src/main.js: SERVICE_ENTRY_SETTING), each with its own
 * database, logs in `workDir`, stopped by pid. Settings that only a benchmark needs: warn-level
 * logs, a national-system rate limit high enough not to be what is measured.
 */
export class BenchPlatform {
  readonly staffSecret = randomBytes(32).toString('base64url');
  readonly running: RunningService[] = [];
  private sharedClient: PlatformClient | undefined;
  /** The federation client's kept-alive connections to the services. */
  private transport: ReturnType<typeof keepAliveTransport> | undefined;
  private readonly databasePrefix = `bench_${Date.now().toString(36)}`;

  constructor(private readonly options: BenchPlatformOptions) {
    mkdirSync(options.workDir, { recursive: true });
  }

  /**
   * One service process; `port` given: on that port (a restart, so the clients' URLs stay right);
   * `env`: this process's extra environment beside the platform's.
   */
  async start(
    service: ServiceName,
    instance = '1',
    options: { port?: number; env?: Record<string, string>; extraNodeArgs?: string[] } = {},
  ): Promise<RunningService> {
    const { [SERVICE_ENTRY_SETTING]: entrySetting, ...env } = { ...this.options.env, ...options.env };
    const main = serviceMain(service, serviceEntry(entrySetting ?? process.env[SERVICE_ENTRY_SETTING]));
    if (!existsSync(main)) throw new Error(`missing ${main}: run \`npm run build\` first`);
    const port = options.port ?? (await (await infraModule()).freePort());
    const logFile = join(this.options.workDir, `${service}-${instance}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const nodeArgs = [...(this.options.nodeArgs?.[service] ?? []), ...(options.extraNodeArgs ?? [])];
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        ...IMAGE_RUNTIME_ENV,
        KAFKA_BROKERS: this.options.infra.brokers,
        MONGO_URL: this.options.infra.mongoUrl,
        MONGO_DB: `${this.databasePrefix}_${service.replace(/-/g, '_')}`,
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        HCV_STAFF_TOKEN_SECRET: this.staffSecret,
        AUDIT_PII_KEY: 'bench-audit-key-not-for-deployments',
        SIMULATOR_SEED: '7007',
        SIMULATOR_POPULATION: '5000',
        LOOKUP_RATE_PER_INSTITUTION: '100000',
        ...transportSettingsFromEnv(),
        ...env,
      },
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    // Generous: on the shared two cores a service took over two minutes to start under other load.
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}; see ${logFile}`);
      const ready = await fetch(`${url}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${service} not ready within 300 s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const running: RunningService = {
      service,
      instance,
      label: instance === '1' ? service : `${service}#${instance}`,
      port,
      url,
      child,
      logFile,
      rss: () => residentMegabytes(child.pid),
      stop: async (graceMillis = 30_000) => {
        const index = this.running.indexOf(running);
        if (index >= 0) this.running.splice(index, 1);
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMillis);
        await exited;
        clearTimeout(timer);
      },
    };
    this.running.push(running);
    // Ctrl-C or an error exits the bench without stop(): its service processes go with it (by pid).
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    return running;
  }

  /** Every service; `instances` processes of each consumer service (same group, same database). */
  async startAll(instances = 1): Promise<void> {
    await Promise.all(
      SERVICES.flatMap((s) =>
        Array.from({ length: CONSUMER_SERVICES.includes(s) ? instances : 1 }, (_, i) => this.start(s, String(i + 1))),
      ),
    );
  }

  /**
   * Stops every service and starts each again on its port with `env` beside the platform's (an
   * A/B run of settings on the same broker, database and federation); `extraNodeArgs`: Node flags
   * after the platform's (a V8 flag NODE_OPTIONS does not accept).
   */
  async restartAll(env: Record<string, string>, extraNodeArgs: string[] = []): Promise<void> {
    const previous = [...this.running];
    await Promise.all(previous.map((r) => r.stop()));
    await Promise.all(previous.map((r) => this.start(r.service, r.instance, { port: r.port, env, extraNodeArgs })));
  }

  /**
   * Database commands each instance has sent so far (DATABASE_COMMANDS_METRIC summed over its
   * labels); `undefined` where the service does not expose the metric.
   */
  async databaseCommands(): Promise<Record<string, number | undefined>> {
    return Object.fromEntries(Object.entries(await this.databaseCommandDetail()).map(([label, d]) => [label, d?.total]));
  }

  /** As databaseCommands, with each instance's count split by command and collection (`"find sessions"`). */
  async databaseCommandDetail(): Promise<Record<string, { total: number; byKind: Record<string, number> } | undefined>> {
    return Object.fromEntries(
      await Promise.all(
        this.running.map(async (r) => {
          const text = await fetch(`${r.url}/metrics`)
            .then((res) => (res.ok ? res.text() : ''))
            .catch(() => '');
          const total = counterTotal(text, DATABASE_COMMANDS_METRIC);
          const detail =
            total === undefined ? undefined : { total, byKind: counterBy(text, DATABASE_COMMANDS_METRIC, ['command', 'collection']) };
          return [r.label, detail] as const;
        }),
      ),
    );
  }

  url(service: ServiceName): string {
    const found = this.running.find((r) => r.service === service);
    if (!found) throw new Error(`${service} is not running`);
    return found.url;
  }

  /**
   * The federation's client (one per platform: it keeps the device keys learnt at activation).
   * Made on first use, with the URLs of the services running then.
   */
  client(): PlatformClient {
    const transport = (this.transport ??= keepAliveTransport());
    this.sharedClient ??= new PlatformClient(
      {
        deviceRegistry: this.url('device-registry'),
        cardSession: this.url('card-session'),
        voucherMatching: this.url('voucher-matching'),
        audit: this.url('audit'),
      },
      { staffTokens: staffTokensForAllRoles(this.staffSecret, 'bench'), transport },
    );
    return this.sharedClient;
  }

  /**
   * CPU seconds used so far by each service instance, the broker, the database and this process
   * (the load driver): the difference of two readings is where a run's CPU went.
   */
  cpu(): Record<string, number> {
    const self = process.cpuUsage();
    return {
      ...Object.fromEntries(this.running.map((r) => [r.label, cpuSeconds(r.child.pid)])),
      kafka: cpuSeconds(this.options.infra.pids.kafka),
      mongo: cpuSeconds(this.options.infra.pids.mongo),
      'driver (bench)': (self.user + self.system) / 1e6,
    };
  }

  /** Resident memory (MB) per running service instance. */
  memory(): Record<string, number> {
    return Object.fromEntries(this.running.map((r) => [r.label, r.rss()]));
  }

  async stop(): Promise<void> {
    this.transport?.close();
    await Promise.all([...this.running].map((r) => r.stop()));
  }
}
