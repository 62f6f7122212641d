// The operations desk's build: see tools/web/vite-app.mjs (shared with the other web apps).
import { webAppConfig } from '../../tools/web/vite-app.mjs';

export default webAppConfig({ appDir: new URL('.', import.meta.url).pathname, base: '/desk/' });
