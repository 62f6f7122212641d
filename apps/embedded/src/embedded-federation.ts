import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { keepTrafficFlowing, PlatformClient, seedLargeFederation } from '@hcv/federation-driver';
import type { Logger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/platform-access';
import { DEV_USERS, embeddedStaffTokens, startDevIdentityProvider } from './dev-identity-provider';
import { UsageError } from './embedded-cli';
import { startEmbeddedPlatform } from './embedded-platform';

/** The federation sizes `--federation` knows. */
export const FEDERATIONS = { large: { facilities: 500, buses: 200, devicesPerSite: 2 } } as const;

export const FEDERATION_USAGE = `
Large federation (the operations desk at scale):
  --federation large    seed 500 centres and 200 buses over the 47 prefectures (2 devices each) and keep
                        traffic flowing (heartbeats, visits) until Ctrl-C (--keep-running is implied);
                        prints the desk's address (log in through the development identity provider)
                        and its routes with an operator token
  --rate <n>            visits per second with --federation (default 3)
  --seed, --base-port   as above
`;

export interface FederationArgs {
  size: keyof typeof FEDERATIONS;
  seed: number;
  rate: number;
  basePort?: number;
}

const OPTIONS = {
  federation: { type: 'string' },
  seed: { type: 'string', default: '20240131' },
  rate: { type: 'string', default: '3' },
  'base-port': { type: 'string' },
  // the federation always runs until Ctrl-C: accepted so the usual demo command line works as well
  'keep-running': { type: 'boolean', default: false },
} as const;

/** The `--federation` run's arguments, or undefined when the command line does not ask for one. */
export function federationArgs(argv: string[]): FederationArgs | undefined {
  if (!argv.some((a) => a === '--federation' || a.startsWith('--federation='))) return undefined;
  let values: { federation?: string; seed: string; rate: string; 'base-port'?: string; 'keep-running'?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${String((error as { message?: unknown }).message ?? error).split('\n')[0]} (with --federation)`);
  }
  const size = values.federation ?? '';
  if (!(size in FEDERATIONS)) throw new UsageError(`--federation must be one of ${Object.keys(FEDERATIONS).join(', ')}, not '${size}'`);
  const whole = (name: string, text: string, min: number, max: number) => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) throw new UsageError(`--${name} must be a whole number ${min}–${max}, not '${text}'`);
    return n;
  };
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 1_000)) throw new UsageError(`--rate must be a number above 0 (at most 1000), not '${values.rate}'`);
  return {
    size: size as FederationArgs['size'],
    seed: whole('seed', values.seed, 0, Number.MAX_SAFE_INTEGER),
    rate,
    ...(values['base-port'] !== undefined ? { basePort: whole('base-port', values['base-port'], 1, 65_535) } : {}),
  };
}

/**
 * `npm run embedded -- --federation large`: the five services in one process, the large federation
 * seeded through their APIs, and traffic that keeps flowing (devices' heartbeats, a few going silent;
 * visits at `--rate` per second) until Ctrl-C. The desk logs in through the development OpenID
 * provider, as in the demo run. Prints the desk's address, its routes with an operator token, and
 * one `DESK_READY {json}` line for scripts (the desk benchmark).
 */
export async function runFederation(args: FederationArgs, logger: Logger): Promise<void> {
  const size = FEDERATIONS[args.size];
  const now = new Date();
  // the checkup date is Japan's today
  const checkupDate = new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  const secret = process.env.HCV_STAFF_TOKEN_SECRET ?? randomBytes(32).toString('base64url');
  const visits = 20_000;
  // The desk logs in through a development OpenID provider (its base port is the one the services leave free).
  const identity = await startDevIdentityProvider({ port: args.basePort });
  const platform = await startEmbeddedPlatform({
    logger,
    simulator: new EligibilitySimulator({ seed: args.seed, size: Math.min(5_000, visits) }),
    basePort: args.basePort,
    staffTokens: embeddedStaffTokens(new StaffTokenVerifier(secret), identity),
    deskLogin: { issuer: identity.issuer, clientId: identity.clientId, audience: identity.audience, scopes: identity.scopes },
  });
  identity.registerDesk(platform.urls.audit);
  const tokens = staffTokensForAllRoles(secret, 'embedded-federation', []);
  const client = new PlatformClient(platform.urls, { staffTokens: tokens });
  console.log(`Embedded platform (one process, in-process bus, memory stores), seeding the ${args.size} federation…`);
  for (const [name, url] of Object.entries(platform.urls)) console.log(`  ${name.padEnd(20)} ${url}`);
  console.log(`  ${'identity provider'.padEnd(20)} ${identity.issuer} (development OpenID provider)`);
  const started = performance.now();
  const federation = await seedLargeFederation(client, { seed: args.seed, now, checkupDate, ...size, visits });
  await platform.bus.idle();
  const prefectures = new Set(federation.sites.map((s) => s.prefecture)).size;
  const buses = federation.sites.filter((s) => s.kind === 'bus').length;
  console.log(
    `Federation: ${federation.sites.length - buses} centres and ${buses} buses in ${prefectures} prefectures, ` +
      `${federation.sites.reduce((n, s) => n + s.devices.length, 0)} devices (${federation.silent.size} will fall silent), ` +
      `seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const traffic = keepTrafficFlowing(client, federation, { checkupDate, rate: args.rate, maxInFlight: 16, heartbeatEveryMillis: 30_000 });
  const desk = platform.urls.audit;
  console.log(`Traffic: ${args.rate} visits/s and a heartbeat per live device every 30 s; Ctrl-C to stop.`);
  console.log(
    `Operations desk: ${desk}/desk/ — log in at ${identity.issuer} as ${Object.keys(DEV_USERS).join(', ')} (password = user name)`,
  );
  console.log(`The desk's routes (staff Bearer token below):`);
  for (const path of [
    '/operations/overview?groupBy=prefecture',
    '/operations/prefectures',
    '/operations/alerts?state=open',
    '/operations/stream',
  ])
    console.log(`  ${desk}${path}`);
  console.log(`  operator token: ${tokens.operator}`);
  console.log(
    `DESK_READY ${JSON.stringify({ urls: platform.urls, desk: `${desk}/desk/`, issuer: identity.issuer, operator: tokens.operator, sites: federation.sites.length })}`,
  );
  const progress = setInterval(() => {
    const s = traffic.stats;
    console.log(
      `  visits ${s.completed}/${s.started} done; heartbeats ${s.heartbeats}; ${s.failed} failed${s.lastError ? ` (last: ${s.lastError})` : ''}`,
    );
  }, 30_000);
  progress.unref();
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  clearInterval(progress);
  await traffic.stop();
  await platform.stop();
  await identity.stop();
}
