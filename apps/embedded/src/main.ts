import { telemetry } from './instrument';
import { parseArgs } from 'node:util';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { driveVerification, planFederation, PlatformClient, seedFederation, type VerificationResult } from '@hcv/federation-driver';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@hcv/observability';
import { staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/staff-auth';
import { startEmbeddedPlatform } from './embedded-platform';
import { runEmbeddedLoad } from './embedded-load';

/**
 * Embedded mode (README's first command): every service in one process on the in-process bus and
 * memory stores, a small simulated federation, and a short stream of verifications, printed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      verifications: { type: 'string', default: '12' },
      seed: { type: 'string', default: '20240131' },
      concurrency: { type: 'string', default: '4' },
      'keep-running': { type: 'boolean', default: false },
      'base-port': { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string', default: '20' },
      'max-in-flight': { type: 'string' },
      direct: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const count = Number(values.verifications);
  const concurrency = Math.max(1, Number(values.concurrency));
  const checkupDate = new Date().toISOString().slice(0, 10);
  // Service logs go to stderr at warn level so the printout below stays readable.
  const logger = createLogger({ service: 'embedded', level: (process.env.LOG_LEVEL as 'warn') ?? 'warn', sink: (l) => process.stderr.write(l + '\n') });

  if (values.rate) {
    // Load mode (npm run bench:embedded): the open-loop driver instead of the printed stream.
    await runEmbeddedLoad({
      logger,
      seed,
      rate: Number(values.rate),
      durationSeconds: Number(values.duration),
      direct: values.direct,
      ...(values['cpu-prof'] ? { cpuProfileFile: values['cpu-prof'] } : {}),
      ...(values['max-in-flight'] ? { maxInFlight: Number(values['max-in-flight']) } : {}),
    });
    await telemetry.shutdown();
    return;
  }

  const simulator = new EligibilitySimulator({ seed, size: 500 });
  // A fresh staff-token secret per run (or the deployment's, if set); the printed operator token lets
  // a user call the staff APIs of a --keep-running platform.
  const staffSecret = process.env.HCV_STAFF_TOKEN_SECRET ?? randomBytes(32).toString('base64url');
  const staffTokens = staffTokensForAllRoles(staffSecret, 'embedded-run');
  const platform = await startEmbeddedPlatform({
    logger,
    simulator,
    basePort: values['base-port'] ? Number(values['base-port']) : undefined,
    staffTokens: new StaffTokenVerifier(staffSecret),
  });
  const client = new PlatformClient(platform.urls, { staffTokens });
  const plan = planFederation({ seed, population: 500, facilities: 2, buses: 1, devicesPerSite: 2, visits: count, checkupDate });

  console.log('Embedded platform: device-registry, card-session, qualification-lookup, voucher-matching, audit (one process, in-process bus, memory stores)');
  for (const [name, url] of Object.entries(platform.urls)) console.log(`  ${name.padEnd(20)} ${url}`);
  await seedFederation(client, plan);
  await platform.bus.idle();
  console.log(`Federation: ${plan.sites.map((s) => `${s.siteId} (${s.kind}, ${s.devices.length} devices)`).join(', ')}; ${plan.vouchers.length} vouchers imported`);
  console.log(`Running ${count} verifications (checkup date ${checkupDate}):`);

  const results: VerificationResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.visits.length) {
      const visit = plan.visits[next++]!;
      const result = await driveVerification(client, visit, { checkupDate });
      results.push(result);
      const o = result.session.outcome!;
      console.log(
        `  #${String(results.length).padStart(3)} ${visit.deviceId.padEnd(18)} ${visit.purpose.padEnd(21)} ${visit.identityCheck.padEnd(6)} ` +
          `voucher …${visit.voucherNumber.slice(-4)} → ${o.kind}${o.mismatchedField ? ` (${o.mismatchedField})` : ''} in ${result.millis.toFixed(0)} ms — ${o.reason}`,
      );
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await platform.bus.idle();

  const byOutcome = new Map<string, number>();
  for (const r of results) byOutcome.set(r.session.outcome!.kind, (byOutcome.get(r.session.outcome!.kind) ?? 0) + 1);
  console.log(`Completed ${results.length}/${count} verifications in ${seconds.toFixed(2)} s: ${[...byOutcome].map(([k, n]) => `${k} ${n}`).join(', ')}`);

  const first = results[0];
  if (first) {
    const trail = await client.auditTrail(first.session.sessionId);
    const traces = new Set(trail.events.map((e) => e.traceId));
    console.log(`Audit trail of session ${first.session.sessionId} (${trail.events.length} events, ${traces.size} trace, correlation ${first.session.correlationId}):`);
    for (const e of trail.events) console.log(`  ${e.time}  ${e.source.padEnd(20)} ${e.type}`);
  }
  if (platform.bus.deadLetters.length) console.log(`Dead letters: ${platform.bus.deadLetters.length}`);

  if (values['keep-running']) {
    console.log('Keeping the services running; Ctrl-C to stop. Staff tokens for this run (Authorization: Bearer …):');
    for (const [role, token] of Object.entries(staffTokens)) console.log(`  ${role.padEnd(13)} ${token}`);
    // The token rides in the URL fragment: the browser keeps it and never sends it to the server.
    console.log(`Operations dashboard (read models in memory): ${platform.urls.audit}/dashboard#token=${staffTokens.operator}`);
    process.on('SIGINT', () => void platform.stop().then(() => telemetry.shutdown()).then(() => process.exit(0)));
    return;
  }
  await platform.stop();
  await telemetry.shutdown();
  if (results.length !== count) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error('embedded run failed:', error);
  process.exit(1);
});
