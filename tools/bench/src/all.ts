import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bench-platform';
import { log } from './bench-run';

/** Resident memory is measured twice: with Node's default heap sizing (`--node-flags=`) and with the images' NODE_OPTIONS (memory's default). */
const PARTS: [string, string[]][] = [
  ['ceiling', []],
  ['e2e', []],
  ['latency', []],
  ['embedded', []],
  ['backlog', []],
  ['memory', ['--node-flags=']],
  ['memory', []],
];

/** `npm run bench`: every part in turn, each on its own fresh broker and database, then the figures side by side. */
function main(): void {
  for (const [part, args] of PARTS) {
    log(`\n=== bench:${part} ${args.join(' ')} ===`);
    const run = spawnSync(process.execPath, [join(__dirname, `${part}.js`), ...args], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) log(`bench:${part} failed (exit ${run.status})`);
  }
  const read = (name: string) => {
    const file = join(ROOT, '.cache/bench', `${name}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
  };
  log('\n=== figures (also in .cache/bench/*.json) ===');
  for (const part of ['ceiling', 'e2e', 'latency', 'embedded', 'backlog', 'memory', 'memory-flags']) {
    const r = read(part);
    log(`${part}: ${r ? JSON.stringify(r).slice(0, 600) : 'no result'}`);
  }
}

main();
