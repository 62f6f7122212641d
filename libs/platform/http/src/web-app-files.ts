import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Response } from 'express';

/**
 * A web app's build as a service serves it (`npm run build` → dist/apps/<app>/www). `from` is the
 * serving use case's folder (libs/<lib>/src/<folder>): from the compiled lib four folders up is
 * dist/; from the sources (specs) it is the repository root, whose dist/ holds the build.
 */
export function defaultWebAppDir(app: string, from: string): string {
  const up = resolve(from, '..', '..', '..', '..');
  const candidates = [join(up, 'apps', app, 'www'), join(up, 'dist', 'apps', app, 'www')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/**
 * The CSP of an app's page and files: nothing but this origin, plus the origins it calls
 * (`connectSources`: URLs; unset or unparseable ones are left out) and the app's own extra directives.
 */
export function webAppContentSecurityPolicy(
  connectSources: readonly (string | null | undefined)[],
  extraDirectives: readonly string[] = [],
): string {
  const origins = [...new Set(connectSources.flatMap((url) => (url && URL.canParse(url) ? [new URL(url).origin] : [])))];
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...origins].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    ...extraDirectives,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A built asset's name: Vite's `<name>-<hash>.<ext>`, one path segment, no traversal, no dotfile. */
export function isAssetName(name: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|css|svg|png|woff2|webmanifest|json|ico)$/.test(name) && !name.includes('..');
}

/** A client-side page path segment: no extension (a missing file with one is a 404, not the app). */
export function isPageName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}

/** An app's files as served: the page (read once, revalidated by the browser) and its assets folder. */
export class WebAppFiles {
  private page: string | undefined;
  constructor(readonly dir: string) {}

  /** The page, or undefined when the app was not built (a service without the web build still starts). */
  indexHtml(): string | undefined {
    if (this.page === undefined && existsSync(join(this.dir, 'index.html'))) this.page = readFileSync(join(this.dir, 'index.html'), 'utf8');
    return this.page;
  }

  /** The absolute path of an asset that exists, else undefined. */
  asset(name: string): string | undefined {
    if (!isAssetName(name)) return undefined;
    const file = join(this.dir, 'assets', name);
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }
}

let lastPage: { html: string; tag: string } | undefined;

/** The page's entity tag, computed once per page text (one page per service). */
function pageTag(html: string): string {
  if (lastPage?.html !== html) lastPage = { html, tag: `"${createHash('sha1').update(html).digest('base64url')}"` };
  return lastPage.tag;
}

/** What a service answers for an app's page when the app was not built on it (404). */
export interface WebAppNotBuilt {
  error: { code: string; message: string };
}

/**
 * Answers an app's page: the built page with the app's CSP, revalidated on every load (the page names
 * the current build's assets), or 404 with `notBuilt` when the service runs without the web build.
 */
export function sendWebAppPage(res: Response, files: Pick<WebAppFiles, 'indexHtml'>, csp: string, notBuilt: WebAppNotBuilt): void {
  const html = files.indexHtml();
  if (html === undefined) {
    res.status(404).json(notBuilt);
    return;
  }
  res
    .status(200)
    .type('text/html; charset=utf-8')
    .setHeader('Content-Security-Policy', csp)
    .setHeader('Cache-Control', 'no-cache')
    // Its own ETag (the app leaves ETags off, see createHttpApp): an unchanged page is answered 304.
    .setHeader('ETag', pageTag(html))
    .send(html);
}
