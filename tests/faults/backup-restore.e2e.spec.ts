import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { mongo } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';
import { planFederation, PlatformClient, seedFederation, type PlatformUrls } from '@hcv/federation-driver';
import { asStaff, PLATFORM_SERVICES, startServiceProcess, testStaffTokens, waitFor, type ServiceProcess } from '@hcv/testing';
import { SteadyLoad, type Verification } from './support/steady-load';
import { trailProblem } from './support/outcome-check';

/**
 * The backup and restore drill (docs/operations.md, "Backup and restore"): the five services as
 * processes under a steady stream of verifications; `db:backup` runs mid-stream; the services are
 * stopped; `db:restore` puts the archive into fresh databases and rewinds the consumer groups to the
 * offsets the backup recorded; the services start on the restored databases. Every verification
 * accepted before the backup started must end with an outcome there (the outbox relay re-sends what
 * the archive holds unsent, the rewound consumers handle again what was handled after the backup),
 * and the audit chains must verify. The figures before and after go to test-output/backup-restore-report.md.
 */
jest.setTimeout(600_000);

const ROOT = join(__dirname, '../..');
const RATE = Number(process.env.BACKUP_DRILL_RATE ?? 6);
const SEED = 6106;
const POPULATION = 400;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbName = (prefix: string, service: ServiceName) => `${prefix}_${service.replace(/-/g, '_')}`;

interface Figures {
  collections: Record<string, Record<string, number>>;
  sessionStates: Record<string, number>;
  outcomes: Record<string, number>;
}

async function figures(client: mongo.MongoClient, prefix: string): Promise<Figures> {
  const collections: Figures['collections'] = {};
  for (const service of PLATFORM_SERVICES) {
    const db = client.db(dbName(prefix, service));
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    collections[service] = {};
    for (const name of names) collections[service][name] = await db.collection(name).countDocuments({});
  }
  const sessions = client.db(dbName(prefix, 'card-session')).collection('sessions');
  const group = async (field: string) =>
    Object.fromEntries(
      (await sessions.aggregate<{ _id: string | null; n: number }>([{ $group: { _id: `$${field}`, n: { $sum: 1 } } }]).toArray())
        .map((g) => [g._id ?? '(none)', g.n] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return { collections, sessionStates: await group('state'), outcomes: await group('outcome.kind') };
}

async function cli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'dist', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', MONGO_URL: process.env.MONGO_URL!, KAFKA_BROKERS: process.env.KAFKA_BROKERS!, ...env },
      // The restore waits (up to 90 s) for a stopped service's consumer-group members to be gone.
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

function table(rows: Array<Array<string | number>>, head: string[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

describe('faults: backup mid-load, restore into fresh databases, the services finish the work', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'hcv-backup-drill-'));
  const archive = join(workDir, 'archive');
  const source = `drill_${randomUUID().slice(0, 6)}`;
  const restored = `${source}_restored`;
  const checkupDate = new Date().toISOString().slice(0, 10);
  const processes = new Map<ServiceName, ServiceProcess>();
  const ports = new Map<ServiceName, number>();
  let mongoClient: mongo.MongoClient;
  let load: SteadyLoad | undefined;

  const startAll = async (prefix: string, dir: string) => {
    mkdirSync(dir, { recursive: true });
    const started = await Promise.allSettled(
      PLATFORM_SERVICES.map((service) =>
        startServiceProcess({
          service,
          workDir: dir,
          databasePrefix: prefix,
          // The first start chooses each port (again if another process takes it before the service
          // listens); the restored services come back on the same addresses.
          port: ports.get(service),
          env: { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: String(POPULATION), AUDIT_PII_KEY: 'drill-key', OTEL_SPANS_FILE: '' },
        }).then((p) => {
          processes.set(service, p);
          ports.set(service, Number(new URL(p.url).port));
        }),
      ),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const stopAll = async () => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    processes.clear();
  };

  beforeAll(async () => {
    mongoClient = await new mongo.MongoClient(process.env.MONGO_URL!).connect();
  });

  afterAll(async () => {
    await load?.close();
    await stopAll();
    for (const prefix of [source, restored]) for (const s of PLATFORM_SERVICES) await mongoClient?.db(dbName(prefix, s)).dropDatabase();
    await mongoClient?.close();
    if (process.env.FAULT_KEEP_LOGS !== '1') rmSync(workDir, { recursive: true, force: true });
  });

  it('audit chains verify and every verification accepted before the backup ends with an outcome', async () => {
    const t0 = Date.now();
    const phase = (what: string) => console.log(`[backup drill] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    const plan = planFederation({
      seed: SEED,
      population: POPULATION,
      facilities: 4,
      buses: 0,
      devicesPerSite: 10,
      visits: 1_000,
      checkupDate,
    });
    const devices = plan.sites.flatMap((s) => s.devices);
    await startAll(source, join(workDir, 'before'));
    const url = (service: ServiceName) => `http://127.0.0.1:${ports.get(service)}`;
    const urls: PlatformUrls = {
      deviceRegistry: url('device-registry'),
      cardSession: url('card-session'),
      voucherMatching: url('voucher-matching'),
      audit: url('audit'),
    };
    const client = new PlatformClient(urls, { staffTokens: testStaffTokens() });
    await seedFederation(client, plan);
    phase('services up, federation seeded');
    // The activations travel registry → Kafka → card-session: a device is usable once it can open (and cancel) a session.
    await waitFor(
      async () => {
        for (const deviceId of devices) {
          try {
            const opened = await client.openSession({ deviceId, purpose: 'specific-checkup' });
            await client.cancelSession(opened.sessionId, 'drill-setup', 'device probe');
          } catch {
            return false;
          }
        }
        return true;
      },
      120_000,
      'card-session to know every activated device',
    );

    let nextVisit = 0;
    load = new SteadyLoad(client, {
      nextVisit: () => plan.visits[nextVisit++],
      devices,
      ratePerSecond: RATE,
      checkupDate,
      cardSessionUrl: () => urls.cardSession,
    });
    load.start();
    phase('devices known, load started');
    await load.firstCompletionAfter(0, 60_000);
    await sleep(3_000);

    // The backup, while the stream goes on.
    const inFlightAtBackup = load.verifications.filter((v) => !v.refused && v.completedAt === undefined).length;
    const backedUp = await cli('tools/backup/src/backup.js', ['--out', archive, '--prefix', source]);
    expect({ code: backedUp.code, stderr: backedUp.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const manifest = JSON.parse(backedUp.stdout) as {
      startedAt: string;
      finishedAt: string;
      consumerGroups: number;
      databases: Record<string, Record<string, number>>;
    };
    const backupStartedAt = Date.parse(manifest.startedAt);
    phase('backup done');
    await sleep(2_000);
    // The devices stop first (their keep-alive polls would hold card-session's HTTP server open), then the services.
    await load.close();
    await stopAll();
    const before = await figures(mongoClient, source);
    const acceptedBeforeBackup = load.accepted().filter((v) => v.acceptedAt! < backupStartedAt);
    const acceptedAfterBackup = load.accepted().filter((v) => v.acceptedAt! >= backupStartedAt);
    phase('services stopped');

    // A restore into a database that holds data is refused; into fresh databases it goes through.
    const restoredRun = await cli('tools/backup/src/restore.js', ['--from', archive, '--prefix', restored, '--rewind-consumer-groups']);
    expect({ code: restoredRun.code, stderr: restoredRun.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    phase(`db:restore done\n${restoredRun.stderr}`);
    const rewound = (JSON.parse(restoredRun.stdout) as { rewound: Array<{ groupId: string; replays: number }> }).rewound;
    const refused = await cli('tools/backup/src/restore.js', ['--from', archive, '--prefix', restored]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/is not empty/);
    const atRestore = await figures(mongoClient, restored);
    phase('restored');
    for (const [name, collections] of Object.entries(manifest.databases)) {
      const service = PLATFORM_SERVICES.find((s) => name === dbName(source, s))!;
      expect(atRestore.collections[service]).toEqual(collections);
    }

    // The services on the restored databases: the relays and the rewound consumers finish the work.
    await startAll(restored, join(workDir, 'after'));
    const pending = new Map<string, Verification>(acceptedBeforeBackup.map((v) => [v.sessionId!, v]));
    const outcomeOf = new Map<string, string>();
    const settleStarted = Date.now();
    await waitFor(
      async () => {
        for (const [sessionId] of pending) {
          const view = await client.getSession(sessionId).catch(() => undefined);
          if (view?.state === 'completed') {
            outcomeOf.set(sessionId, view.outcome?.kind ?? '(none)');
            pending.delete(sessionId);
          }
        }
        return pending.size === 0;
      },
      120_000,
      'every verification accepted before the backup to have its outcome on the restored platform',
    ).catch(() => undefined);
    const settleSeconds = (Date.now() - settleStarted) / 1000;
    phase('restored services finished the verifications');

    // Audit: each of those sessions' trails, then the chains, by the audit:verify command on the restored database.
    const trails = new Map<string, string>();
    await waitFor(
      async () => {
        for (const v of acceptedBeforeBackup) {
          if (trails.get(v.sessionId!) === '') continue;
          const { events } = await client.auditTrail(v.sessionId!).catch(() => ({ events: [] }));
          trails.set(v.sessionId!, trailProblem(events));
        }
        return [...trails.values()].every((p) => !/×0/.test(p));
      },
      60_000,
      'the audit trails of the verifications accepted before the backup',
    ).catch(() => undefined);
    const day = (offset: number) => new Date(Date.now() + offset).toISOString().slice(0, 10);
    const verified = await cli('apps/audit/src/verify-chain.js', ['--from', day(-86_400_000), '--to', day(0)], {
      MONGO_DB: dbName(restored, 'audit'),
    });
    const chain = JSON.parse(verified.stdout || '{}') as { ok?: boolean; records?: number; chains?: number };
    const api = (await (
      await fetch(`${url('audit')}/audit/verify?from=${day(-86_400_000)}&to=${day(0)}`, { headers: asStaff('auditor') })
    ).json()) as { ok: boolean };
    await stopAll();
    const after = await figures(mongoClient, restored);
    phase('audit checked, services stopped');

    const missingEvents = [...trails].filter(([, p]) => /×0/.test(p));
    const twice = [...trails].filter(([, p]) => p && !/×0/.test(p));
    const outcomesAfter: Record<string, number> = {};
    for (const kind of outcomeOf.values()) outcomesAfter[kind] = (outcomesAfter[kind] ?? 0) + 1;
    const report = {
      ranAt: new Date().toISOString(),
      rate: RATE,
      backup: { startedAt: manifest.startedAt, finishedAt: manifest.finishedAt, consumerGroups: manifest.consumerGroups, inFlightAtBackup },
      verifications: {
        acceptedBeforeBackup: acceptedBeforeBackup.length,
        acceptedAfterBackup: acceptedAfterBackup.length,
        completedOnRestoredPlatform: outcomeOf.size,
        halfDone: [...pending.keys()],
        settleSeconds,
        outcomesOfThoseAccepted: outcomesAfter,
      },
      audit: {
        chainCli: chain,
        chainApiOk: api.ok,
        trailsMissingAnEvent: missingEvents.length,
        trailsWithAnEventTwice: twice.length,
        examples: twice.slice(0, 3),
      },
      rewound,
      before,
      atRestore,
      after,
    };
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output/backup-restore-report.json'), JSON.stringify(report, null, 2) + '\n');
    const collectionRows = PLATFORM_SERVICES.flatMap((service) =>
      [...new Set([...Object.keys(before.collections[service] ?? {}), ...Object.keys(after.collections[service] ?? {})])]
        .sort()
        .map((c) => [
          service,
          c,
          before.collections[service]?.[c] ?? 0,
          manifest.databases[dbName(source, service)]?.[c] ?? 0,
          atRestore.collections[service]?.[c] ?? 0,
          after.collections[service]?.[c] ?? 0,
        ]),
    );
    const kinds = [
      ...new Set([...Object.keys(before.outcomes), ...Object.keys(atRestore.outcomes), ...Object.keys(after.outcomes)]),
    ].sort();
    const states = [
      ...new Set([...Object.keys(before.sessionStates), ...Object.keys(atRestore.sessionStates), ...Object.keys(after.sessionStates)]),
    ].sort();
    const markdown =
      '# Backup and restore drill\n\n' +
      `Reproduce: \`npm run build && npx jest tests/faults/backup-restore.e2e.spec.ts\` (docs/operations.md, "Backup and restore"). Ran ${report.ranAt.slice(0, 16)} UTC at ${RATE} verifications/s.\n\n` +
      `Backup ${manifest.startedAt.slice(11, 23)} → ${manifest.finishedAt.slice(11, 23)} with ${inFlightAtBackup} verifications in flight; ${manifest.consumerGroups} consumer groups recorded and rewound ` +
      `(${rewound.reduce((n, g) => n + g.replays, 0)} messages read again). ` +
      `Accepted before the backup started: ${acceptedBeforeBackup.length}, with an outcome on the restored platform: ${outcomeOf.size} (half-done: ${pending.size}) within ${settleSeconds.toFixed(1)} s; ` +
      `accepted after it (not in the archive, the RPO): ${acceptedAfterBackup.length}. ` +
      `Audit chains: ${chain.ok ? 'verify' : 'BROKEN'} (audit:verify, ${chain.records ?? '?'} records); trails missing an event: ${missingEvents.length}; trails holding an event twice: ${twice.length}.\n\n` +
      '## Documents per collection\n\n"source at stop": the original databases once the services stopped; "archive": what db:backup read; "restored": right after db:restore; "after": once the restored services finished.\n\n' +
      table(collectionRows, ['service', 'collection', 'source at stop', 'archive', 'restored', 'after']) +
      '\n\n## card-session sessions per outcome and per state\n\n' +
      table(
        kinds.map((k) => [`outcome ${k}`, before.outcomes[k] ?? 0, atRestore.outcomes[k] ?? 0, after.outcomes[k] ?? 0]),
        ['', 'source at stop', 'restored', 'after'],
      ) +
      '\n\n' +
      table(
        states.map((s) => [`state ${s}`, before.sessionStates[s] ?? 0, atRestore.sessionStates[s] ?? 0, after.sessionStates[s] ?? 0]),
        ['', 'source at stop', 'restored', 'after'],
      ) +
      '\n';
    writeFileSync(join(ROOT, 'test-output/backup-restore-report.md'), markdown);
    console.log(markdown);

    expect(acceptedBeforeBackup.length).toBeGreaterThan(0);
    expect(inFlightAtBackup).toBeGreaterThan(0); // the backup ran mid-load, not while idle
    expect({ halfDone: [...pending.keys()] }).toEqual({ halfDone: [] });
    expect(verified.code).toBe(0);
    expect(chain.ok).toBe(true);
    expect(api.ok).toBe(true);
    expect({ trailsMissingAnEvent: missingEvents }).toEqual({ trailsMissingAnEvent: [] });
  });
});
