// The one Vite configuration of the platform's web apps (reception, operations desk): React, the
// `@hcv/*` aliases of tsconfig.base.json (the browser imports the same contracts and shared UI as
// the services), output under dist/apps/<app>/www with content-hashed assets and a manifest, no
// inline script or style (the services' CSP allows neither), nothing fetched from a CDN at run time.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import react from '@vitejs/plugin-react';

const root = new URL('../..', import.meta.url).pathname;
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

/** Exact-name aliases (`@hcv/ui` → libs/ui/src/index.ts); `find` is a RegExp so `@hcv/ui-x` is not caught by `@hcv/ui`. */
const aliases = Object.entries(paths).map(([alias, [entry]]) => ({
  find: new RegExp(`^${alias.replace(/[/.]/g, '\\$&')}$`),
  replacement: join(root, entry),
}));

/**
 * @param {{ appDir: string, base: string, inputs?: Record<string, string> }} app
 *   appDir: the app's folder (its index.html is the entry); base: the path it is served under
 *   (`/reception/`); inputs: further entry modules kept with their exports (e.g. for a browser test).
 * @returns {import('vite').UserConfig}
 */
export function webAppConfig({ appDir, base, inputs = {} }) {
  const outDir = join(root, 'dist', relative(root, appDir), 'www');
  return {
    root: appDir,
    base,
    plugins: [react()],
    resolve: { alias: aliases },
    logLevel: 'warn',
    clearScreen: false,
    build: {
      outDir,
      emptyOutDir: true,
      manifest: true,
      sourcemap: false,
      target: 'es2022',
      // The polyfill would be an inline-free module, but every browser we support has modulepreload.
      modulePreload: { polyfill: false },
      // Small files stay files: a data: URL in a script or style would need a wider CSP.
      assetsInlineLimit: 0,
      rollupOptions: {
        input: { index: join(appDir, 'index.html'), ...inputs },
        // Extra entries keep their exports (an app build drops them by default).
        preserveEntrySignatures: 'exports-only',
      },
    },
  };
}
