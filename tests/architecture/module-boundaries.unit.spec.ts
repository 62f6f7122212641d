import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface LintMessage {
  ruleId: string | null;
  fatal?: boolean;
  message: string;
}

const FIXTURES = {
  wrongLayer: 'libs/domain/src/lint-fixtures/wrong-layer.fixture.ts',
  importsATool: 'libs/card-session-service/src/lint-fixtures/imports-a-tool.fixture.ts',
  rightLayer: 'libs/persistence/src/lint-fixtures/right-layer.fixture.ts',
};

describe('module boundaries (the layer order of eslint.config.mjs)', () => {
  const results = new Map<string, LintMessage[]>();

  beforeAll(() => {
    // The boundary rule reads Nx's project graph; build it as `npm run lint` does.
    execFileSync(bin('nx'), ['show', 'projects'], { cwd: root, stdio: 'ignore' });
    // The three fixtures in one ESLint process (its config is ESM; fixtures are ignored by `npm run lint`):
    // ESLint's start and its TypeScript project cost most of a file's lint, paid once instead of three times.
    const files = Object.values(FIXTURES).map((fixture) => join(root, fixture));
    const output = execFileSync(process.execPath, [join(__dirname, 'lint-fixtures.mjs'), ...files], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const { filePath, messages } of JSON.parse(output) as { filePath: string; messages: LintMessage[] }[]) {
      results.set(filePath, messages);
    }
  }, 180_000);

  /** The boundary rule's messages about one fixture. */
  function lint(fixture: string): LintMessage[] {
    const messages = results.get(join(root, fixture));
    expect(messages).toBeDefined();
    // A file the linter could not parse would report nothing about boundaries: fail instead.
    expect(messages!.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
    return messages!.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
  }

  it('refuses a domain file that imports an infrastructure lib', () => {
    const messages = lint(FIXTURES.wrongLayer);
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('type:domain');
  });

  it('refuses a product lib that imports a tool', () => {
    const messages = lint(FIXTURES.importsATool);
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('type:feature');
  });

  it('accepts the same kind of import one layer down (the rule is about layers, not imports)', () => {
    expect(lint(FIXTURES.rightLayer)).toEqual([]);
  });
});
