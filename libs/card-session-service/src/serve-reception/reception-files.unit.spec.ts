import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReceptionDir, isAssetName, isPageName, ReceptionFiles, receptionContentSecurityPolicy } from './reception-files';

describe('the reception app’s files', () => {
  it('allows only this origin and the registry’s origin, no inline script or style, no framing', () => {
    const csp = receptionContentSecurityPolicy(['http://127.0.0.1:3001/', 'http://127.0.0.1:3001/x']);
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:3001;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(receptionContentSecurityPolicy([])).toContain("connect-src 'self';");
    expect(receptionContentSecurityPolicy(['not a url'])).toContain("connect-src 'self';");
  });

  it('serves built asset names only: no traversal, no dotfiles, no other folders', () => {
    expect(isAssetName('index-C_E6Zqbq.js')).toBe(true);
    expect(isAssetName('index-BqY9l_YQ.css')).toBe(true);
    for (const bad of ['../index.html', '.vite', 'manifest', 'a/b.js', '..js', '%2e%2e.js', 'x.html']) expect(isAssetName(bad)).toBe(false);
    expect(isPageName('visit')).toBe(true);
    expect(isPageName('config.json')).toBe(false);
  });

  it('finds the build in dist/ from the compiled service and from the sources', () => {
    const repo = mkdtempSync(join(tmpdir(), 'reception-'));
    const www = join(repo, 'dist', 'apps', 'reception', 'www');
    mkdirSync(join(www, 'assets'), { recursive: true });
    writeFileSync(join(www, 'index.html'), '<!doctype html><title>受付</title>');
    writeFileSync(join(www, 'assets', 'index-abc.js'), 'export {}');
    const compiled = join(repo, 'dist', 'libs', 'card-session-service', 'src', 'serve-reception');
    const sources = join(repo, 'libs', 'card-session-service', 'src', 'serve-reception');
    expect(defaultReceptionDir(compiled)).toBe(www);
    expect(defaultReceptionDir(sources)).toBe(www);

    const files = new ReceptionFiles(www);
    expect(files.indexHtml()).toContain('受付');
    expect(files.asset('index-abc.js')).toBe(join(www, 'assets', 'index-abc.js'));
    expect(files.asset('missing-abc.js')).toBeUndefined();
    expect(new ReceptionFiles(join(repo, 'nowhere')).indexHtml()).toBeUndefined();
  });
});
