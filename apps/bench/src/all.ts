import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bench-platform';
import { log } from './bench-run';

const PARTS = ['ceiling', 'e2e', 'latency', 'embedded', 'backlog', 'memory'];

/** `npm run bench`: every part in turn, each on its own fresh broker and database, then the figures side by side. */
function main(): void {
  for (const part of PARTS) {
    log(`\n=== bench:${part} ===`);
    const run = spawnSync(process.execPath, [join(__dirname, `${part}.js`)], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) log(`bench:${part} failed (exit ${run.status})`);
  }
  const read = (name: string) => {
    const file = join(ROOT, '.cache/bench', `${name}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
  };
  log('\n=== figures (also in .cache/bench/*.json) ===');
  for (const part of PARTS) {
    const r = read(part);
    log(`${part}: ${r ? JSON.stringify(r).slice(0, 600) : 'no result'}`);
  }
}

main();
