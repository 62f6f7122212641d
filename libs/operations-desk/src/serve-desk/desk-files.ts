import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the built desk app is (`npm run build` → dist/apps/operations-desk/www): from the compiled lib
 * (dist/libs/operations-desk/src/serve-desk) four folders up is dist/; from the sources (specs) it is
 * the repository root, whose dist/ holds the build.
 */
export function defaultDeskDir(from: string = __dirname): string {
  const up = resolve(from, '..', '..', '..', '..');
  const candidates = [join(up, 'apps', 'operations-desk', 'www'), join(up, 'dist', 'apps', 'operations-desk', 'www')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** The desk page's CSP: its own origin, plus exactly the configured APIs and the identity provider. */
export function deskContentSecurityPolicy(connectSources: readonly (string | null | undefined)[]): string {
  const origins = [...new Set(connectSources.filter((u): u is string => !!u).map((url) => new URL(url).origin))];
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...origins].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A built asset's name: Vite's `<name>-<hash>.<ext>`, one path segment, no traversal, no dotfile. */
export const isAssetName = (name: string) =>
  /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|css|svg|png|woff2|ico)$/.test(name) && !name.includes('..');

/** A client-side page (`login`, `callback`, `alerts`…): no extension, so `config.json` is left to its own route. */
export const isPageName = (name: string) => /^[A-Za-z0-9_-]+$/.test(name);

export class DeskFiles {
  private page: string | undefined;
  constructor(readonly dir: string) {}

  indexHtml(): string | undefined {
    if (this.page === undefined && existsSync(join(this.dir, 'index.html'))) this.page = readFileSync(join(this.dir, 'index.html'), 'utf8');
    return this.page;
  }

  asset(name: string): string | undefined {
    if (!isAssetName(name)) return undefined;
    const file = join(this.dir, 'assets', name);
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }
}
