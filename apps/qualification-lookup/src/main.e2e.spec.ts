import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built process refuses the simulator in production before it connects to anything: one line on
 * stderr naming the variable, a non-zero exit code. (Needs `npm run build`; no broker or database.)
 */
const MAIN = join(__dirname, '../../../dist/apps/qualification-lookup/src/main.js');

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Addresses nothing listens on: a process that got past its configuration would hang, not exit.
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: '127.0.0.1:9', MONGO_URL: 'mongodb://127.0.0.1:9', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('qualification-lookup process start', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`missing ${MAIN}: run \`npm run build\` first`);
  });

  it('refuses the simulator with NODE_ENV=production: one line on stderr, exit code 2', async () => {
    const { code, stderr } = await start({
      NODE_ENV: 'production',
      ELIGIBILITY_SOURCE: 'simulator',
      HCV_STAFF_TOKEN_SECRET: 'x'.repeat(40),
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'qualification-lookup refuses to start: Invalid qualification-lookup configuration: ELIGIBILITY_SOURCE: the simulator is refused with NODE_ENV=production (it answers from a synthetic population): use device-reported or oqs-terminal (or ELIGIBILITY_SIMULATOR_ALLOWED=true for a load test)\n',
    );
  });

  it('refuses a simulator named for one institution the same way', async () => {
    const { code, stderr } = await start({ NODE_ENV: 'production', ELIGIBILITY_SOURCE_BY_INSTITUTION: '0110113719=simulator' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^qualification-lookup refuses to start: .*ELIGIBILITY_SOURCE_BY_INSTITUTION: the simulator is refused/);
  });
});
