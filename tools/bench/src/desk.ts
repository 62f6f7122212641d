import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StaffClaims } from '@hcv/contracts';
import { planLargeFederation } from '@hcv/federation-driver';
import {
  DEFAULT_THRESHOLDS,
  DeskChanges,
  DeskIndex,
  GetDeviceHandler,
  GetOverviewHandler,
  GetSiteHandler,
  InMemoryDeskAlertRepository,
  InMemoryOperationsRepository,
  ListAlertsHandler,
  ListPrefecturesHandler,
  onRaised,
  onStaffStep,
  percentile,
} from '@hcv/operations-desk';
import { ROOT } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain } from './bench-run';

interface Figure {
  query: string;
  p50: number;
  p95: number;
  n: number;
  /** CPU time of the process per run (what the run itself costs, whatever else the machine does). */
  cpuP95?: number;
}

async function measure(query: string, n: number, run: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < Math.min(10, n); i++) await run(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const used = process.cpuUsage();
    await run();
    const { user, system } = process.cpuUsage(used);
    times.push(performance.now() - started);
    cpu.push((user + system) / 1000);
  }
  return { query, p50: percentile(times, 0.5)!, p95: percentile(times, 0.95)!, n, cpuP95: percentile(cpu, 0.95)! };
}

/**
 * The longest CPU stretch between two turns of the event loop while `work` runs: how long a request
 * arriving meanwhile waits at most for it (CPU time, so it holds on a shared machine too).
 */
async function longestStretch(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = process.cpuUsage();
  let done = false;
  const tick = () => {
    const { user, system } = process.cpuUsage(last);
    last = process.cpuUsage();
    longest = Math.max(longest, (user + system) / 1000);
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  done = true;
  return longest;
}

const row = (f: Figure) =>
  `  ${f.query.padEnd(58)} p50 ${f.p50.toFixed(2).padStart(8)} ms  p95 ${f.p95.toFixed(2).padStart(8)} ms` +
  `${f.cpuP95 !== undefined ? `  cpu p95 ${f.cpuP95.toFixed(2).padStart(7)} ms` : ''}  (n=${f.n})`;
const operator: StaffClaims = { iss: 'hcv', sub: 'bench', roles: ['operator'], iat: 0, exp: 1 };

/** The desk's queries as its route handlers answer them, over the in-memory read model of `sites` sites (no HTTP). */
async function readModel(n: number): Promise<{ figures: Figure[]; sites: number }> {
  const now = new Date();
  const plan = planLargeFederation({ seed: 7007, facilities: 500, buses: 200, devicesPerSite: 2, now });
  const ops = new InMemoryOperationsRepository();
  const alerts = new InMemoryDeskAlertRepository();
  let fact = 0;
  for (const [i, site] of plan.entries()) {
    await ops.upsertSite({ siteId: site.siteId, kind: site.kind, name: site.name, institutionNumber: site.institutionNumber });
    if (site.itinerary) await ops.planItinerary(site.siteId, site.itinerary);
    for (const [d, deviceId] of site.devices.entries()) {
      const offline = (i * 7 + d) % 40 === 0;
      await ops.updateDevice(deviceId, () => ({
        deviceId,
        siteId: site.siteId,
        lifecycle: 'active',
        lifecycleAt: now.toISOString(),
        connectivity: offline ? 'offline' : 'online',
        connectivityAt: now.toISOString(),
      }));
    }
    // the last hour: three outcomes a minute at every site (126 000 times to outcome in the window)
    for (let m = 0; m < 60; m++) {
      const minute = new Date(now.getTime() - m * 60_000).toISOString().slice(0, 16);
      for (let k = 0; k < 3; k++) {
        const id = `o:${fact++}`;
        await ops.addToMinute(site.siteId, minute, id, {
          kind: 'outcome',
          outcome: fact % 9 === 0 ? 'member-mismatch' : 'matched',
          elapsedMillis: 40 + ((fact * 37) % 900),
        });
        if (m < 2)
          await ops.addFeed({
            id,
            at: now.toISOString(),
            kind: 'outcome',
            siteId: site.siteId,
            deviceId: site.devices[0],
            text: 'matched',
          });
      }
    }
    if (i % 5 === 0) {
      const alertId = `device-offline:${site.siteId}`;
      const raised = onRaised(
        undefined,
        { alertId, kind: 'device-offline', severity: 'warning', scope: { siteId: site.siteId }, message: 'x', raisedAt: now.toISOString() },
        `e-${alertId}`,
      )!;
      await alerts.update(alertId, () =>
        i % 10 === 0 ? onStaffStep(raised, 'acknowledged', { by: 'op', at: now.toISOString() }, `a-${alertId}`) : raised,
      );
    }
  }
  let clock = now;
  const index = new DeskIndex(ops, alerts, new DeskChanges(), () => clock);
  await index.refresh(); // the first picture reads the whole hour
  const someAlert = (await alerts.list({ limit: 1 }))[0]!.alertId;
  const overview = new GetOverviewHandler(index, ops, { thresholds: DEFAULT_THRESHOLDS, lag: { applicable: false, groups: [] } });
  const site = new GetSiteHandler(index, ops, alerts);
  // a refresh with a few new outcomes (the steady state between two minutes), and one as the minute
  // turns (every line again, a slice at a time); the event loop's longest stall says what a request waits at most
  let k = 0;
  const stretches: number[] = [];
  const steady = await measure('desk refresh (5 sites with a new outcome, background)', Math.max(10, n / 10), async () => {
    clock = new Date(clock.getTime() + 1);
    for (let s = 0; s < 5; s++)
      await ops.addToMinute(plan[(k * 5 + s) % plan.length]!.siteId, clock.toISOString().slice(0, 16), `n:${k}:${s}`, {
        kind: 'outcome',
        outcome: 'matched',
        elapsedMillis: 50 + k,
      });
    k++;
    stretches.push(await longestStretch(() => index.refresh()));
  });
  const turn = await measure('desk refresh (the minute turns: every line again, in slices)', Math.max(5, n / 20), async () => {
    clock = new Date(clock.getTime() + 60_000);
    stretches.push(await longestStretch(() => index.refresh()));
  });
  clock = now;
  await index.refresh();
  const figures = [
    steady,
    turn,
    {
      query: 'longest stretch without yielding, in those refreshes (CPU)',
      p50: percentile(stretches, 0.5)!,
      p95: percentile(stretches, 0.95)!,
      n: stretches.length,
    },
    await measure('overview ?groupBy=prefecture (+ JSON)', n, async () =>
      JSON.stringify(await overview.handle({ groupBy: 'prefecture' }, operator)),
    ),
    await measure('overview ?limit=1000 (the desk app’s call, + JSON)', n, async () =>
      JSON.stringify(await overview.handle({ limit: '1000' }, operator)),
    ),
    await measure('overview ?groupBy=region&kind=bus&state=degraded&sort=p95', n, () =>
      overview.handle({ groupBy: 'region', kind: 'bus', state: 'degraded', sort: 'p95' }, operator),
    ),
    await measure('overview ?alerting=true&q=東京&sort=name', n, () =>
      overview.handle({ alerting: 'true', q: '東京', sort: 'name' }, operator),
    ),
    await measure('overview (no parameters: with the /dashboard fields)', n, () => overview.handle({}, operator)),
    await measure('prefectures', n, () => new ListPrefecturesHandler(index).handle(operator)),
    await measure('sites/:siteId', n, () => site.handle('fac-13-001', operator)),
    await measure('buses/:busId', n, () => site.bus('bus-13-001', operator)),
    await measure('devices/:deviceId', n, () => new GetDeviceHandler(index, ops).handle('fac-13-001-dev-1', operator)),
    await measure('alerts ?state=open', n, () => new ListAlertsHandler(alerts, () => now).handle({ state: 'open' }, operator)),
    await measure('alerts/:alertId', n, () => new ListAlertsHandler(alerts, () => now).one(someAlert, operator)),
  ];
  return { figures, sites: plan.length };
}

interface DeskReady {
  urls: { audit: string };
  operator: string;
}

/**
 * The same queries over HTTP against `npm run embedded -- --federation large` with its traffic
 * flowing: started here, or one already running (`--attach '<its DESK_READY json>'`: seeding 700 sites
 * takes minutes on a busy machine).
 */
async function live(n: number, attach?: string): Promise<Figure[]> {
  const child = attach
    ? undefined
    : spawn(process.execPath, [join(ROOT, 'dist/apps/embedded/src/main.js'), '--federation', 'large', '--rate', '3'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, LOG_LEVEL: 'error' },
      });
  try {
    const ready = attach
      ? (JSON.parse(attach) as DeskReady)
      : await new Promise<DeskReady>((resolve, reject) => {
          let out = '';
          child!.stdout!.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const line = /^DESK_READY (.+)$/m.exec(out);
            if (line) resolve(JSON.parse(line[1]!) as DeskReady);
          });
          child!.once('exit', (code) => reject(new Error(`the embedded federation ended (${code}) before it was ready`)));
        });
    log(`  live federation seeded; load average ${loadAverage()}`);
    await new Promise((r) => setTimeout(r, 5_000)); // a refresh or two with traffic
    const get = async (path: string) => {
      const response = await fetch(`${ready.urls.audit}${path}`, { headers: { authorization: `Bearer ${ready.operator}` } });
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      await response.arrayBuffer();
    };
    const routes = [
      '/operations/overview?groupBy=prefecture',
      '/operations/overview?limit=1000',
      '/operations/overview',
      '/operations/overview?groupBy=region&kind=bus&state=degraded&sort=p95',
      '/operations/overview?alerting=true&q=%E6%9D%B1%E4%BA%AC&sort=name',
      '/operations/prefectures',
      '/operations/sites/fac-13-001',
      '/operations/buses/bus-13-001',
      '/operations/devices/fac-13-001-dev-1',
      '/operations/alerts?state=open',
      '/operations/alerts?state=resolved',
    ];
    // the floor on this machine: a route of the same process that does no desk work
    const figures: Figure[] = [await measure('GET /health/live (baseline: no desk work)', n, () => get('/health/live'))];
    for (const path of routes) figures.push(await measure(`GET ${path}`, n, () => get(path)));
    return figures;
  } finally {
    child?.kill('SIGINT');
  }
}

/**
 * `npm run bench:desk`: p50 and p95 of every desk query at 700 sites (500 centres, 200 buses, 1 400
 * devices, an hour of outcomes): (1) each query as its handler answers it over the precomputed
 * picture, in process; (2) over HTTP against the embedded large federation with traffic flowing.
 * Prints figures; asserts nothing.
 */
runMain(async () => {
  const args = cliArgs({
    n: { type: 'string', default: '200' },
    'skip-live': { type: 'boolean', default: false },
    'skip-read-model': { type: 'boolean', default: false },
    attach: { type: 'string' },
  });
  const n = Number(args.n);
  log(`Desk queries at 700 sites; load average ${loadAverage()}`);
  const model = args['skip-read-model'] ? { figures: [], sites: 700 } : await readModel(n);
  if (model.figures.length) {
    log(`(1) read model and handlers, in process (${model.sites} sites):`);
    model.figures.forEach((f) => log(row(f)));
  }
  let http: Figure[] = [];
  if (!args['skip-live']) {
    log('(2) over HTTP, embedded large federation with traffic (3 visits/s, heartbeats):');
    http = await live(Math.max(20, Math.floor(n / 2)), args.attach);
    http.forEach((f) => log(row(f)));
  }
  recordResult('desk', { sites: model.sites, readModel: model.figures, http });
});
