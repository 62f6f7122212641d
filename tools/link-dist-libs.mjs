// After `tsc -b`, makes `@hcv/<lib>` resolvable from compiled code: Node looks for node_modules in
// every parent folder, so dist/node_modules/@hcv/<lib>/package.json pointing at the compiled lib
// serves every app under dist/ (and the Docker images, which copy dist/ as it is).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const lib of readdirSync(join(root, 'libs'))) {
  const dir = join(root, 'dist', 'node_modules', '@hcv', lib);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@hcv/${lib}`, private: true, main: `../../../libs/${lib}/src/index.js` }, null, 2) + '\n',
  );
}
