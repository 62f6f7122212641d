#!/usr/bin/env node
// CI gate: no high or critical advisory in the production dependencies (`npm audit --omit=dev`).
// The audit endpoint of the registry must answer: if it does not, the gate fails and says so,
// rather than passing silently. A finding is fixed by upgrading, or by an `overrides` entry in
// package.json pinning a patched version of the transitive package.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit gate: no JSON answer from npm audit (exit ${run.status}).\n${run.stderr.slice(0, 2000)}`);
  process.exit(2);
}
if (!report.metadata?.vulnerabilities) {
  const why = report.message ?? report.error?.summary ?? JSON.stringify(report).slice(0, 500);
  console.error(`npm audit gate: the registry's audit endpoint did not answer (${why}); production dependencies were NOT checked.`);
  process.exit(2);
}
const counts = report.metadata.vulnerabilities;
const blocking = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === 'high' || v.severity === 'critical');
console.log(
  `npm audit (production dependencies, ${report.metadata.dependencies?.prod ?? '?'} packages): ` +
    ['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${s} ${counts[s] ?? 0}`).join(', '),
);
if (blocking.length) {
  for (const v of blocking) {
    const via = v.via.map((x) => (typeof x === 'string' ? `via ${x}` : `${x.title} (${x.url})`)).join('; ');
    console.error(`  ${v.severity.toUpperCase()} ${v.name} ${v.range}: ${via}${v.fixAvailable ? ' — fix available' : ''}`);
  }
  console.error('npm audit gate: high or critical advisories in production dependencies; upgrade or add an override.');
  process.exit(1);
}
