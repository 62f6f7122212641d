// Builds every web app (apps/<app>/vite.config.mjs) into dist/apps/<app>/www; part of `npm run build`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const root = new URL('../..', import.meta.url).pathname;
const apps = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'vite.config.mjs')));
for (const app of apps) {
  const started = Date.now();
  await build({ configFile: join(root, 'apps', app, 'vite.config.mjs') });
  console.log(`web: apps/${app} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
