// The reception app's build: see tools/web/vite-app.mjs (shared with the other web apps).
import { webAppConfig } from '../../tools/web/vite-app.mjs';

export default webAppConfig({
  appDir: new URL('.', import.meta.url).pathname,
  base: '/reception/',
  // The signing module as its own entry, so the browser test signs the shared vectors with exactly this build.
  inputs: { 'device-signing': new URL('./src/device-signing.ts', import.meta.url).pathname },
});
