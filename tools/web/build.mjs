// Builds every web app (apps/<app>/vite.config.mjs) into dist/apps/<app>/www; part of `npm run build`.
// An app whose inputs are unchanged is not built again (`npm test` builds after CI's own build):
// dist/apps/<app>/www.inputs.json records, after each build, the size and modification time of
// every module of the app's graph (its sources, the shared libs it imports, the node_modules files
// bundled), its index.html and public/ files, the Vite configuration, package-lock.json and this
// script; the next build compares them. `node tools/web/build.mjs --force` builds regardless.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'vite';

const root = new URL('../..', import.meta.url).pathname;
const force = process.argv.includes('--force');

/** Files every app's build reads besides its module graph. */
const shared = ['package-lock.json', 'tsconfig.base.json', 'tools/web/vite-app.mjs', 'tools/web/build.mjs'];

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Size and modification time of each file (relative to the repository), sorted by name. */
function inputsOf(files) {
  return Object.fromEntries(
    [...new Set(files.map((f) => relative(root, f)))].sort().map((f) => {
      const s = statSync(join(root, f), { throwIfNoEntry: false });
      return [f, s ? `${s.size}:${s.mtimeMs}` : 'missing'];
    }),
  );
}

function unchanged(inputsFile, outDir, appDir) {
  if (force || !existsSync(inputsFile) || !existsSync(join(outDir, 'index.html')) || !existsSync(join(outDir, '.vite/manifest.json')))
    return false;
  const before = JSON.parse(readFileSync(inputsFile, 'utf8'));
  // A file added to public/ is copied as it is, imported by no module: look for new ones too.
  if (filesUnder(join(appDir, 'public')).some((f) => !(relative(root, f) in before))) return false;
  return JSON.stringify(before) === JSON.stringify(inputsOf(Object.keys(before).map((f) => join(root, f))));
}

const apps = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'vite.config.mjs')));
for (const app of apps) {
  const appDir = join(root, 'apps', app);
  const outDir = join(root, 'dist', 'apps', app, 'www');
  const inputsFile = `${outDir}.inputs.json`;
  if (unchanged(inputsFile, outDir, appDir)) {
    console.log(`web: apps/${app} unchanged`);
    continue;
  }
  const started = Date.now();
  const graph = [];
  await build({
    configFile: join(appDir, 'vite.config.mjs'),
    // Every module the build loaded (ids without Vite's `?query` suffixes; virtual modules are not files).
    plugins: [
      {
        name: 'hcv-record-inputs',
        buildEnd() {
          for (const id of this.getModuleIds()) {
            const file = id.split('?')[0];
            if (file.startsWith('/') && existsSync(file)) graph.push(file);
          }
        },
      },
    ],
  });
  const files = [...graph, join(appDir, 'index.html'), join(appDir, 'vite.config.mjs'), ...filesUnder(join(appDir, 'public'))];
  writeFileSync(inputsFile, JSON.stringify(inputsOf([...files, ...shared.map((f) => join(root, f))]), null, 1) + '\n');
  console.log(`web: apps/${app} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
