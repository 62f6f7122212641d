import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWebAppDir, WebAppFiles, webAppContentSecurityPolicy } from '@hcv/platform-http';

export { isAssetName, isPageName } from '@hcv/platform-http';

/** Where the built reception app is (dist/apps/reception/www); the image copies the same folder beside its dist/ (tools/docker/app-files.mjs). */
export const defaultReceptionDir = (from: string = __dirname): string => defaultWebAppDir('reception', from);

/** The CSP of the app's page and files: this origin, plus the registry the app activates against; its service worker and manifest. */
export const receptionContentSecurityPolicy = (connectSources: readonly string[]): string =>
  webAppContentSecurityPolicy(connectSources, ["worker-src 'self'", "manifest-src 'self'"]);

/** The reception app's files, and its service worker. */
export class ReceptionFiles extends WebAppFiles {
  /** The service worker (public/sw.js of the app), when built. */
  serviceWorker(): string | undefined {
    const file = join(this.dir, 'sw.js');
    return existsSync(file) ? file : undefined;
  }
}
