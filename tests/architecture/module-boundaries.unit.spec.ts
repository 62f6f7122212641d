import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface LintMessage {
  ruleId: string | null;
  fatal?: boolean;
  message: string;
}

/** Lints one fixture (ESLint runs as its own process: its config is ESM; fixtures are ignored by `npm run lint`). */
function lint(fixture: string): LintMessage[] {
  const run = spawnSync(bin('eslint'), ['--no-ignore', '--format', 'json', join(root, fixture)], { cwd: root, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  // A file the linter could not parse would report nothing about boundaries: fail instead.
  expect(result.messages.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
}

describe('module boundaries (the layer order of eslint.config.mjs)', () => {
  beforeAll(() => {
    // The boundary rule reads Nx's project graph; build it as `npm run lint` does.
    execFileSync(bin('nx'), ['show', 'projects'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('refuses a domain file that imports an infrastructure lib', () => {
    const messages = lint('libs/domain/src/lint-fixtures/wrong-layer.fixture.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('type:domain');
  }, 120_000);

  it('refuses a product lib that imports a tool', () => {
    const messages = lint('libs/card-session-service/src/lint-fixtures/imports-a-tool.fixture.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('type:feature');
  }, 120_000);

  it('accepts the same kind of import one layer down (the rule is about layers, not imports)', () => {
    expect(lint('libs/persistence/src/lint-fixtures/right-layer.fixture.ts')).toEqual([]);
  }, 120_000);
});
