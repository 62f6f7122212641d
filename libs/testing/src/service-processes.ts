import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServiceName } from '@hcv/contracts';
import { serviceMain } from './service-main';
import { waitFor } from './wait-for';
import { TEST_STAFF_SECRET } from './staff-tokens';

const ROOT = join(__dirname, '../../..');

export interface ServiceProcess {
  service: ServiceName;
  url: string;
  logFile: string;
  spansFile: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
  stop(graceMillis?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `count` distinct free loopback ports: every one is held until all are read, so the kernel cannot
 * hand the same released port out twice (one at a time, it may — two services then share a port).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))),
    );
  }
}

/** Throws when the process answering at `url` is not `child` (/health/live names its pid). */
async function answeredBy(child: ChildProcess, url: string, service: ServiceName, logFile: string): Promise<void> {
  const body = (await (await fetch(`${url}/health/live`)).json()) as { details?: { process?: { pid?: unknown } } };
  const pid = body.details?.process?.pid;
  if (pid !== child.pid) {
    throw new PortTakenError(
      `${url} is answered by pid ${String(pid)}, not by ${service}'s own process (pid ${child.pid}): another process took its port; see ${logFile}`,
    );
  }
}

/** The test run's setting whose `K=V,K=V` pairs every service process the launcher starts is given. */
export const SERVICE_ENV_SETTING = 'HCV_SERVICE_ENV';

/**
 * The settings a test run gives every service process (HCV_SERVICE_ENV=`K=V,K=V`, e.g.
 * `KAFKA_GROUP_MEMBERS=2`): a spec run again under another service setting without editing it. A
 * service starts with only what the launcher passes (never the runner's whole environment), so a
 * setting exported in the runner's shell would otherwise not reach it.
 */
export function serviceEnvOfTestRun(value: string | undefined = process.env[SERVICE_ENV_SETTING]): Record<string, string> {
  const pairs = (value ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`${SERVICE_ENV_SETTING}: "${pair}" is not NAME=VALUE`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts one compiled service as its own process (serviceMain: its bundle by default) on a free
 * loopback port, its own database, logs and exported spans in files under `workDir`, and waits
 * until /health/ready answers (broker and database reachable). Stopped by its pid only.
 */
export async function startServiceProcess(options: {
  service: ServiceName;
  workDir: string;
  databasePrefix: string;
  env?: Record<string, string>;
  /** A fixed port (a restart after a kill keeps its address, as behind a k8s Service); default a free one. */
  port?: number;
}): Promise<ServiceProcess> {
  const main = serviceMain(options.service);
  if (!existsSync(main)) throw new Error(`missing ${main}: run \`npm run build\` first (npm test does)`);
  // A port given is the service's fixed address (a restart): taken, it fails. One chosen here is
  // chosen again when another process took it before the service listened.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(options, main, options.port ?? (await freePort()));
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

/** Attempts of a service whose port this module chooses (a free port may be taken before the service listens). */
const PORT_ATTEMPTS = 3;

/**
 * The service did not get its port: another process answers there, or the service exited on
 * EADDRINUSE. A port is chosen free (bound, read, released) but the service listens only once its
 * bus has started, seconds later; meanwhile another process may be given the same port (another
 * jest worker's service, or one of the same platform: the kernel hands a released port out again).
 */
export class PortTakenError extends Error {}

async function startOnPort(
  options: { service: ServiceName; workDir: string; databasePrefix: string; env?: Record<string, string> },
  main: string,
  port: number,
): Promise<ServiceProcess> {
  const logFile = join(options.workDir, `${options.service}.log`);
  const spansFile = join(options.workDir, `${options.service}.spans.jsonl`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      MONGO_URL: process.env.MONGO_URL!,
      MONGO_DB: `${options.databasePrefix}_${options.service.replace(/-/g, '_')}`,
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      OTEL_SPANS_FILE: spansFile,
      LOG_LEVEL: 'info',
      TZ: 'UTC',
      HCV_STAFF_TOKEN_SECRET: TEST_STAFF_SECRET,
      // The test federation's card reads are answered by the simulator (SIMULATOR_SEED/POPULATION);
      // the service's own default is the device's report (限定型).
      ELIGIBILITY_SOURCE: 'simulator',
      ...options.env,
      // The run's own (HCV_SERVICE_ENV) last: asked for explicitly, it holds over a spec's.
      ...serviceEnvOfTestRun(),
    },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          const what = `${options.service} exited with ${child.exitCode}; see ${logFile}`;
          throw existsSync(logFile) && readFileSync(logFile, 'utf8').includes('EADDRINUSE')
            ? new PortTakenError(`${what} (port ${port} in use)`)
            : new Error(what);
        }
        let ready: boolean;
        try {
          ready = (await fetch(`${url}/health/ready`)).ok;
        } catch {
          return false;
        }
        // The port was free when chosen, but another process (another jest worker's service, or a
        // service restarted on its fixed port) may have taken it before this one listened: its
        // readiness is not ours, and every later call would reach the wrong service.
        if (ready) await answeredBy(child, url, options.service, logFile);
        return ready;
      },
      // Generous: on a loaded 2-core CI machine five processes start side by side.
      120_000,
      `${options.service} to be ready (/health/ready)`,
    );
  } catch (error) {
    // Never leave a process behind that did not come up.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    throw error;
  }
  return {
    service: options.service,
    url,
    logFile,
    spansFile,
    child,
    stop: async (graceMillis = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMillis);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/**
 * The error lines (`"level":"error"`) a service process logged, the last `max` of them, each cut to
 * 600 characters: what a test failing on a 500 prints, since the log files live in a temporary
 * directory a CI run does not keep. The logs carry no personal data (the services never log it).
 */
export function loggedErrors(processes: readonly Pick<ServiceProcess, 'service' | 'logFile'>[], max = 5): string[] {
  return processes.flatMap(({ service, logFile }) =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('"level":"error"'))
          .slice(-max)
          .map((line) => `${service}: ${line.slice(0, 600)}`)
      : [],
  );
}

/** NODE_OPTIONS as the runtime stage of deploy/docker/Dockerfile sets it (the images' heap flags). */
export function imageNodeOptions(): string {
  const match = /NODE_OPTIONS="([^"]+)"/.exec(readFileSync(join(ROOT, 'deploy/docker/Dockerfile'), 'utf8'));
  if (!match) throw new Error('deploy/docker/Dockerfile sets no NODE_OPTIONS');
  return match[1]!;
}

export const PLATFORM_SERVICES: ServiceName[] = ['device-registry', 'card-session', 'qualification-lookup', 'voucher-matching', 'audit'];

/** The five services as separate processes, each with its own database under `databasePrefix`. */
export async function startPlatformProcesses(options: { workDir: string; databasePrefix: string; env: Record<string, string> }): Promise<{
  processes: ServiceProcess[];
  url: (service: ServiceName) => string;
  stop: () => Promise<void>;
}> {
  const started = await Promise.allSettled(PLATFORM_SERVICES.map((service) => startServiceProcess({ service, ...options })));
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // One did not come up: stop the others (by pid) so that none is left running after the test.
    await Promise.all(processes.map((p) => p.stop(5_000)));
    throw failed.reason;
  }
  return {
    processes,
    url: (service) => processes.find((p) => p.service === service)!.url,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}
