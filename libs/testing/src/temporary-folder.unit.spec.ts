import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { temporaryFolder } from './temporary-folder';

const ROOT = join(__dirname, '../../..');

describe('temporaryFolder', () => {
  it('makes a fresh folder in the system temporary folder, one per call', () => {
    const a = temporaryFolder('one');
    const b = temporaryFolder('one');
    expect(a).not.toBe(b);
    expect(statSync(a).isDirectory()).toBe(true);
    expect(relative(tmpdir(), a).startsWith('..')).toBe(false);
  });

  it('is removed after its spec file ran, even when a test and an afterAll failed', () => {
    const report = join(temporaryFolder('report'), 'folder.txt');
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--ci',
        '--rootDir',
        ROOT,
        '--testMatch',
        '**/libs/testing/src/fixtures/leaves-a-folder.fixture.ts',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HCV_INFRA: 'none', HCV_FIXTURE_REPORT: report }, timeout: 120_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('a failing afterAll');
    const folder = readFileSync(report, 'utf8');
    expect(folder).toContain('fixture-');
    expect(existsSync(folder)).toBe(false);
  }, 120_000);
});
