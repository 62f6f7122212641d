// After `tsc -b`, makes `@hcv/<lib>` resolvable from compiled code: Node looks for node_modules in
// every parent folder, so dist/node_modules/@hcv/<lib>/package.json pointing at the compiled lib
// serves every app under dist/ (and the Docker images, which copy dist/ as it is).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// One package per `@hcv/<lib>` alias of tsconfig.base.json (libs/, libs/platform/, tools/).
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
for (const [alias, [entry]] of Object.entries(paths)) {
  const dir = join(root, 'dist', 'node_modules', alias);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    // Relative to the package's folder: an alias with a subpath (`@hcv/<lib>/<module>`) is a folder deeper.
    JSON.stringify({ name: alias, private: true, main: relative(dir, join(root, 'dist', entry.replace(/\.ts$/, '.js'))) }, null, 2) + '\n',
  );
}

// Static assets (a `static/` folder beside the code, e.g. the audit dashboard's HTML/JS/CSS) are
// not TypeScript: copy them next to the compiled files that serve them.
for (const entry of readdirSync(join(root, 'libs'), { recursive: true, withFileTypes: true })) {
  if (!entry.isDirectory() || entry.name !== 'static' || !entry.parentPath.includes('/src')) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(root, 'dist', from.slice(root.length)), { recursive: true });
}
