import { telemetry } from './instrument';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import {
  driveInsurerOnlyDock,
  drivePinLockThenVisual,
  driveVerification,
  planFederation,
  PlatformClient,
  seedFederation,
  settleByPhone,
  SETTLEABLE,
  type SessionView,
  type VerificationResult,
} from '@hcv/federation-driver';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/platform-access';
import { startEmbeddedPlatform } from './embedded-platform';
import { DEV_USERS, embeddedStaffTokens, startDevIdentityProvider } from './dev-identity-provider';
import { runEmbeddedLoad } from './embedded-load';
import { federationArgs, FEDERATION_USAGE, runFederation } from './embedded-federation';
import { deskCollectionLine, jst, parseEmbeddedArgs, UsageError, USAGE } from './embedded-cli';
import { prepareReceptionDemo, receptionDemoLines } from './reception-demo';

interface ChainReport {
  ok: boolean;
  chains: number;
  records: number;
  from: string;
  to: string;
  firstBroken?: unknown;
}

/** What `npm run audit:verify` checks, asked of the running audit service as an auditor. */
async function verifyAuditChains(auditUrl: string, auditorToken: string, days: { from: string; to: string }): Promise<ChainReport> {
  const response = await fetch(`${auditUrl}/audit/verify?${new URLSearchParams(days)}`, {
    headers: { authorization: `Bearer ${auditorToken}` },
  });
  if (!response.ok) throw new Error(`GET /audit/verify answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ChainReport;
}

/**
 * Embedded mode (README's first command): every service in one process on the in-process bus and
 * memory stores, a small simulated federation, and a short stream of verifications, printed.
 */
async function main(): Promise<void> {
  const federation = federationArgs(process.argv.slice(2));
  if (federation) {
    // the large federation for the operations desk (embedded-federation.ts)
    const sink = (l: string) => process.stderr.write(l + '\n');
    await runFederation(federation, createLogger({ service: 'embedded', level: (process.env.LOG_LEVEL as 'warn') ?? 'warn', sink }));
    await telemetry.shutdown();
    return;
  }
  const args = parseEmbeddedArgs(process.argv.slice(2));
  if (args.mode === 'help') {
    process.stdout.write(USAGE + FEDERATION_USAGE);
    await telemetry.shutdown();
    return;
  }
  const checkupDate = new Date().toISOString().slice(0, 10);
  // Audit records chain per UTC day of recording; the run's chains start on this day.
  const firstDay = checkupDate;
  // Service logs go to stderr at warn level so the printout below stays readable.
  const logger = createLogger({
    service: 'embedded',
    level: (process.env.LOG_LEVEL as 'warn') ?? 'warn',
    sink: (l) => process.stderr.write(l + '\n'),
  });

  if (args.mode === 'load') {
    // Load mode (npm run bench:embedded): the open-loop driver instead of the printed stream.
    await runEmbeddedLoad({
      logger,
      seed: args.seed,
      rate: args.rate,
      durationSeconds: args.durationSeconds,
      direct: args.direct,
      ...(args.cpuProfileFile ? { cpuProfileFile: args.cpuProfileFile } : {}),
      ...(args.heapProfileFile ? { heapProfileFile: args.heapProfileFile } : {}),
      ...(args.maxInFlight ? { maxInFlight: args.maxInFlight } : {}),
    });
    await telemetry.shutdown();
    return;
  }

  const { seed, verifications: count, concurrency } = args;
  // the first visits show what a desk meets every day: a voucher the insurer sent, a paper-only one
  // (集合契約: no file reached the institution), and a member mismatch that staff then settle by phone
  const plan = planFederation({
    seed,
    population: 500,
    facilities: 2,
    buses: 1,
    devicesPerSite: 2,
    visits: count,
    checkupDate,
    firstScenarios: ['regular', 'paper-only', 'birth-date-mismatch'],
  });
  const simulator = new EligibilitySimulator({ seed, size: 500 });
  // A fresh staff-token secret per run (or the deployment's, if set); the printed operator token lets
  // a user call the staff APIs of a --keep-running platform.
  const staffSecret = process.env.HCV_STAFF_TOKEN_SECRET ?? randomBytes(32).toString('base64url');
  // The site manager's token names the seeded sites, so it opens their views on a --keep-running platform.
  const staffTokens = staffTokensForAllRoles(
    staffSecret,
    'embedded-run',
    plan.sites.map((s) => s.siteId),
  );
  // The device-reported source (資格確認限定型), as in production: the driver sends what the national app
  // showed for the simulator's people (the simulator generates them; it answers no lookup here).
  // The desk logs in through a development OpenID provider (its base port is the one the services leave free).
  const identity = await startDevIdentityProvider({ port: args.basePort });
  const platform = await startEmbeddedPlatform({
    logger,
    simulator,
    basePort: args.basePort,
    staffTokens: embeddedStaffTokens(new StaffTokenVerifier(staffSecret), identity),
    deskLogin: { issuer: identity.issuer, clientId: identity.clientId, audience: identity.audience, scopes: identity.scopes },
  });
  identity.registerDesk(platform.urls.audit);
  const client = new PlatformClient(platform.urls, { staffTokens });

  console.log(
    'Embedded platform: device-registry, card-session, qualification-lookup, voucher-matching, audit (one process, in-process bus, memory stores)',
  );
  for (const [name, url] of Object.entries(platform.urls)) console.log(`  ${name.padEnd(20)} ${url}`);
  console.log(`  ${'identity provider'.padEnd(20)} ${identity.issuer} (development OpenID provider)`);
  await seedFederation(client, plan);
  await platform.bus.idle();
  console.log(
    `Federation: ${plan.sites.map((s) => `${s.siteId} (${s.kind}, ${s.devices.length} devices)`).join(', ')}; ${plan.vouchers.length} vouchers imported, ` +
      `${plan.visits.filter((v) => v.scenario === 'paper-only').length} visits bring a paper-only voucher`,
  );
  console.log(`Running ${count} verifications (checkup date ${checkupDate}, started ${jst(new Date())}):`);

  const results: VerificationResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.visits.length) {
      const visit = plan.visits[next++]!;
      const result = await driveVerification(client, visit, { checkupDate });
      results.push(result);
      const o = result.session.outcome!;
      console.log(
        `  #${String(results.length).padStart(3)} ${jst(o.decidedAt)} session ${result.session.sessionId} ${visit.deviceId.padEnd(18)} ${visit.purpose.padEnd(21)} ` +
          `${visit.identityCheck.padEnd(6)} ${visit.voucher.voucherKind === 'guidance' ? '利用券' : '受診券'} ${visit.voucher.insurerNumber}/…${visit.voucher.voucherNumber.slice(-4)}` +
          `${visit.scenario === 'paper-only' ? ' (paper only)' : ''} → ${o.kind}${o.mismatchedField ? ` (${o.mismatchedField})` : ''} ` +
          `in ${result.millis.toFixed(0)} ms — ${o.reasonJa ?? o.reason}`,
      );
      if (o.collect) console.log(`        ${deskCollectionLine(o.collect)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await platform.bus.idle();

  const byOutcome = new Map<string, number>();
  for (const r of results) byOutcome.set(r.session.outcome!.kind, (byOutcome.get(r.session.outcome!.kind) ?? 0) + 1);
  console.log(
    `Completed ${results.length}/${count} verifications in ${seconds.toFixed(2)} s: ${[...byOutcome].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );

  // The desk phones the insurer about the first settleable outcome and records the confirmation.
  const settleable = results.find((r) => SETTLEABLE.has(r.session.outcome!.kind));
  let settled: SessionView | undefined;
  if (settleable) {
    const before = settleable.session.outcome!;
    settled = await settleByPhone(client, settleable.session.sessionId, {
      insurerContact: 'insurer helpdesk (by phone)',
      reference: `call-${settleable.session.sessionId.slice(0, 8)}`,
    });
    await platform.bus.idle();
    const after = settled.outcome!;
    console.log(
      `Settled session ${settled.sessionId}: ${before.kind}${before.mismatchedField ? ` (${before.mismatchedField})` : ''} → ${after.kind} ` +
        `(${after.settlement?.kind ?? 'settled'} by ${after.settlement?.by ?? 'staff'} at ${after.settlement ? jst(after.settlement.at) : '-'}) — ${after.reasonJa ?? after.reason}`,
    );
    if (after.collect) console.log(`        ${deskCollectionLine(after.collect)}`);
  } else console.log('No needs-manual-check or member-mismatch in this run: nothing to settle.');

  // 人間ドック without a 受診券: the insurer is confirmed against the institution's contract, and the
  // visitor's identity is a step of its own (the My Number card shown to a named staff member).
  const eligibleVisits = results.filter((r) => r.session.outcome?.kind === 'matched').map((r) => r.visit);
  const dockVisit = eligibleVisits[0];
  let dock: Awaited<ReturnType<typeof driveInsurerOnlyDock>> | undefined;
  if (dockVisit) {
    dock = await driveInsurerOnlyDock(client, dockVisit, { checkupDate, checkedBy: 'staff-tanaka' });
    const o = dock.session.outcome!;
    console.log(
      `人間ドック (no voucher) session ${dock.session.sessionId}: identity verified with the My Number card by ${dock.identityVerified.identityVerification?.checkedBy ?? '(not shown)'} ` +
        `→ ${o.kind} in ${dock.millis.toFixed(0)} ms — ${o.reason} / ${o.reasonJa ?? ''}`,
    );
  }
  // A PIN lock: three wrong PINs, then 目視確認 by a named staff member; the visit goes on.
  const lockVisit = eligibleVisits[1];
  let lock: Awaited<ReturnType<typeof drivePinLockThenVisual>> | undefined;
  if (lockVisit) {
    const again = {
      ...lockVisit,
      voucher: { ...lockVisit.voucher, voucherNumber: `${lockVisit.voucher.voucherNumber.slice(0, 5)}999999` },
    };
    lock = await drivePinLockThenVisual(client, again, { checkupDate, checkedBy: 'staff-suzuki' });
    const o = lock.session.outcome!;
    console.log(
      `PIN lock session ${lock.session.sessionId}: 3 wrong PINs → ${lock.locked.state}; 目視確認 by ${lock.read.checkedBy ?? '(not shown)'} ` +
        `→ ${lock.read.state}; outcome ${o.kind} — ${o.reasonJa ?? o.reason}`,
    );
  }

  const first = results[0];
  if (first) {
    const trail = await client.auditTrail(first.session.sessionId);
    const traces = new Set(trail.events.map((e) => e.traceId));
    console.log(
      `Audit trail of session ${first.session.sessionId} (${trail.events.length} events, ${traces.size} trace, correlation ${first.session.correlationId}):`,
    );
    for (const e of trail.events) console.log(`  ${jst(e.time)}  ${e.source.padEnd(20)} ${e.type}`);
  }
  const chains = await verifyAuditChains(platform.urls.audit, staffTokens.auditor, {
    from: firstDay,
    to: new Date().toISOString().slice(0, 10),
  });
  console.log(
    chains.ok
      ? `Audit chains verified: ${chains.chains} chains, ${chains.records} records (${chains.from}..${chains.to})`
      : `Audit chains NOT verified: ${JSON.stringify(chains.firstBroken ?? chains)}`,
  );
  if (platform.bus.deadLetters.length) console.log(`Dead letters: ${platform.bus.deadLetters.length}`);

  if (args.keepRunning) {
    console.log('Keeping the services running; Ctrl-C to stop. Staff tokens for this run (Authorization: Bearer …):');
    const sites = plan.sites.map((s) => s.siteId).join(', ');
    for (const [role, token] of Object.entries(staffTokens))
      console.log(`  ${role.padEnd(13)} ${token}${role === 'site-manager' ? `  (sites ${sites})` : ''}`);
    const demo = await prepareReceptionDemo({
      client,
      urls: platform.urls,
      operatorToken: staffTokens.operator,
      plan,
      seed,
      population: 500,
      checkupDate,
    });
    for (const line of receptionDemoLines(demo, jst)) console.log(line);
    console.log(
      `Operations desk: ${platform.urls.audit}/desk/ — log in at ${identity.issuer} as ${Object.keys(DEV_USERS).join(', ')} (password = user name)`,
    );
    process.on(
      'SIGINT',
      () =>
        void platform
          .stop()
          .then(() => identity.stop())
          .then(() => telemetry.shutdown())
          .then(() => process.exit(0)),
    );
    return;
  }
  await platform.stop();
  await identity.stop();
  await telemetry.shutdown();
  if (
    results.length !== count ||
    !chains.ok ||
    (settleable && settled?.outcome?.kind !== 'matched-after-settlement') ||
    (dock && dock.session.outcome?.kind !== 'insurer-confirmed') ||
    (lock && lock.locked.state !== 'card-locked')
  )
    process.exitCode = 1;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`embedded: ${error.message} (npm run embedded -- --help)\n`);
    process.exit(2);
  }
  console.error('embedded run failed:', error);
  process.exit(1);
});
