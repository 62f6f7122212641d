import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The built entry (npm run build first), run as a user runs it.
const main = join(__dirname, '../../../dist/apps/embedded/src/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run embedded, asked for help or given a bad option', () => {
  it('prints the usage for --help and exits 0, starting nothing', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run embedded -- \[options\]/);
    expect(result.stdout).toContain('--verifications <n>');
    expect(result.stdout).not.toContain('Embedded platform');
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it.each([
    [['--verifications', 'abc'], "embedded: --verifications must be a whole number at least 1, not 'abc' (npm run embedded -- --help)"],
    [['--concurrency', '0'], "embedded: --concurrency must be a whole number at least 1, not '0' (npm run embedded -- --help)"],
    [['--no-such-option'], "embedded: Unknown option '--no-such-option' (npm run embedded -- --help)"],
  ])('answers %j with one line on stderr and exit code 2', (args, line) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });
});
