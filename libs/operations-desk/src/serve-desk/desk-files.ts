import { defaultWebAppDir, webAppContentSecurityPolicy } from '@hcv/platform-http';

export { isPageName, WebAppFiles as DeskFiles } from '@hcv/platform-http';

/** Where the built desk app is (dist/apps/operations-desk/www). */
export const defaultDeskDir = (from: string = __dirname): string => defaultWebAppDir('operations-desk', from);

/** The desk page's CSP: its own origin, plus exactly the configured APIs and the identity provider. */
export const deskContentSecurityPolicy = (connectSources: readonly (string | null | undefined)[]): string =>
  webAppContentSecurityPolicy(connectSources);
