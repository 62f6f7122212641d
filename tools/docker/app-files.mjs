// Used by deploy/docker/Dockerfile after `npm run build`: copies into OUT only the compiled files
// one app reaches (its entry points and, transitively, the @hcv libs and relative modules they
// require), so an image holds its own app and nothing of the others. Fails when the app needs an
// npm package that is not a production dependency (the image installs only those). The service
// itself runs from its bundle (dist/bundles/<app>.js, tools/bundle/bundle.mjs): dist/main.js
// requires it; the compiled files stay for the app's other entry points (audit:verify, …).
//   node tools/docker/app-files.mjs <app> <out>
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const [app, out] = process.argv.slice(2);
if (!app || !out) throw new Error('usage: app-files.mjs <app> <out>');
const root = resolve(new URL('../..', import.meta.url).pathname);
const dist = join(root, 'dist');
const appDir = join(dist, 'apps', app, 'src');
if (!existsSync(appDir))
  throw new Error(`no compiled app at ${relative(root, appDir)} (run npm run build; apps: ${readdirSync(join(dist, 'apps')).join(', ')})`);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Where each `@hcv/<lib>` compiles to: its source entry in tsconfig.base.json, under dist/.
const libEntries = new Map(
  Object.entries(JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths).map(([alias, [entry]]) => [
    alias.slice('@hcv/'.length),
    join(dist, entry.replace(/^\.\//, '').replace(/\.ts$/, '.js')),
  ]),
);
const builtins = new Set(builtinModules);
const files = new Set();
const libs = new Set();
const packages = new Set();

function resolveFile(base) {
  for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && candidate.endsWith('.js')) return candidate;
  }
  throw new Error(`cannot resolve ${relative(root, base)}`);
}

function visit(file) {
  if (files.has(file)) return;
  files.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (spec.startsWith('.')) visit(resolveFile(resolve(dirname(file), spec)));
    else if (spec.startsWith('@hcv/')) {
      const lib = spec.split('/')[1];
      const entry = libEntries.get(lib);
      if (!entry || spec.split('/').length > 2) throw new Error(`${relative(root, file)}: ${spec} is not a lib's public entry`);
      libs.add(lib);
      visit(resolveFile(entry));
    } else if (!spec.startsWith('node:') && !builtins.has(spec)) {
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
}

for (const entry of readdirSync(appDir)) if (entry.endsWith('.js')) visit(join(appDir, entry));

const notProduction = [...packages].filter((p) => !pkg.dependencies?.[p]).sort();
if (notProduction.length) throw new Error(`${app} requires packages that are not production dependencies: ${notProduction.join(', ')}`);

mkdirSync(out, { recursive: true });
for (const file of files) {
  const target = join(out, 'dist', relative(dist, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
  if (existsSync(`${file}.map`)) cpSync(`${file}.map`, `${target}.map`);
}
// Assets a module reads at run time from a `static/` folder beside it:
// tools/link-dist-libs.mjs copies them into dist/, and the image needs them as well.
for (const dir of new Set([...files].map((file) => dirname(file)))) {
  const assets = join(dir, 'static');
  if (existsSync(assets)) cpSync(assets, join(out, 'dist', relative(dist, assets)), { recursive: true });
}
// The built web apps a service serves (npm run build → dist/apps/<web app>/www).
const WEB_APPS = { 'card-session': ['reception'], audit: ['operations-desk'] };
for (const web of WEB_APPS[app] ?? []) {
  const www = join(dist, 'apps', web, 'www');
  if (!existsSync(join(www, 'index.html'))) throw new Error(`${app} serves ${web}, which is not built (${relative(root, www)})`);
  cpSync(www, join(out, 'dist', 'apps', web, 'www'), { recursive: true });
}
for (const lib of libs) {
  cpSync(join(dist, 'node_modules', '@hcv', lib), join(out, 'dist', 'node_modules', '@hcv', lib), { recursive: true });
}

// The service's bundle: what the image runs (its code cache and source map beside it).
const bundled = ['.js', '.bundle.js', '.bundle.js.map', '.bundle.js.cache'].map((ext) => join(dist, 'bundles', `${app}${ext}`));
for (const file of bundled) {
  if (!existsSync(file)) throw new Error(`${app}: no ${relative(root, file)} (npm run build makes it: tools/bundle/bundle.mjs)`);
  const target = join(out, 'dist', relative(dist, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}

// Fixed entry names so the image's CMD and HEALTHCHECK do not depend on the app's name.
const { DEFAULT_PORTS } = createRequire(import.meta.url)(libEntries.get('platform-runtime'));
const port = DEFAULT_PORTS[app];
writeFileSync(join(out, 'dist', 'main.js'), `'use strict';\nrequire('./bundles/${app}.js');\n`);
writeFileSync(
  join(out, 'dist', 'healthcheck.js'),
  `'use strict';\n// Container healthcheck: ready = broker, database and not draining (GET /health/ready).\n` +
    `const port = process.env.HTTP_PORT || '${port ?? ''}';\n` +
    `fetch('http://127.0.0.1:' + port + '/health/ready', { signal: AbortSignal.timeout(4000) })\n` +
    `  .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));\n`,
);
console.log(
  `${app}: dist/bundles/${app}.js, and ${files.size} files from ${libs.size} libs (${[...libs].sort().join(', ')}); npm packages: ${[...packages].sort().join(', ')}`,
);
