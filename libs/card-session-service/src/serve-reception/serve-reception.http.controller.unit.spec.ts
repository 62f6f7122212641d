import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { createLogger } from '@hcv/observability';
import { Public } from '@hcv/platform-access';
import { createHttpApp } from '@hcv/platform-http';
import { testStaffVerifier } from '@hcv/testing';
import { RECEPTION_APP } from '../tokens';
import { ReceptionFiles } from './reception-files';
import { ServeReceptionHttpController } from './serve-reception.http.controller';

/** Another route under /reception/, registered after the app's (the app's config is served that way). */
@Controller('reception')
class ConfigProbeController {
  @Get('config.json')
  @Public()
  config() {
    return { probe: true };
  }
}

async function start(dir: string): Promise<{ app: INestApplication; url: string }> {
  @Module({
    controllers: [ServeReceptionHttpController, ConfigProbeController],
    providers: [{ provide: RECEPTION_APP, useValue: { files: new ReceptionFiles(dir), connectSources: () => ['http://127.0.0.1:3001'] } }],
  })
  class ReceptionProbeModule {}
  const app = await createHttpApp({ module: ReceptionProbeModule }, createLogger({ service: 'card-session', level: 'error' }), {
    staffTokens: testStaffVerifier(),
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe('GET /reception (the built reception app)', () => {
  const www = mkdtempSync(join(tmpdir(), 'reception-www-'));
  mkdirSync(join(www, 'assets'));
  mkdirSync(join(www, '.vite'));
  writeFileSync(
    join(www, 'index.html'),
    '<!doctype html><title>受付</title><script type="module" src="/reception/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(www, 'assets', 'index-abc123.js'), 'export const x = 1;');
  writeFileSync(join(www, '.vite', 'manifest.json'), '{}');
  writeFileSync(join(www, 'sw.js'), "self.addEventListener('fetch', () => {});");
  let app: INestApplication;
  let url: string;
  beforeAll(async () => ({ app, url } = await start(www)));
  afterAll(async () => app.close());

  it('serves the page at /reception and /reception/, revalidated, under the reception CSP', async () => {
    for (const path of ['/reception', '/reception/']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:3001;");
      expect(await response.text()).toContain('受付');
    }
  });

  it('answers an unchanged page 304 to a browser revalidating it (its own ETag; JSON answers carry none)', async () => {
    const first = await fetch(`${url}/reception`);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^".+"$/);
    // What a browser sends when it revalidates (fetch would add `cache-control: no-cache` itself).
    const again = await fetch(`${url}/reception`, { headers: { 'if-none-match': tag!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    const config = await fetch(`${url}/reception/config.json`);
    expect(config.status).toBe(200);
    expect(config.headers.get('etag')).toBeNull();
  });

  it('serves hashed assets for a year, and the page again for a client-side page (SPA fallback)', async () => {
    const asset = await fetch(`${url}/reception/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const worker = await fetch(`${url}/reception/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toContain('javascript');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const page = await fetch(`${url}/reception/visit`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('受付');
  });

  it('leaves other files to their routes, and answers 404 for a missing asset or the build manifest', async () => {
    expect(await (await fetch(`${url}/reception/config.json`)).json()).toEqual({ probe: true });
    for (const path of [
      '/reception/assets/missing-abc.js',
      '/reception/.vite/manifest.json',
      '/reception/assets/..%2Findex.html',
      '/reception/x.html',
    ]) {
      expect({ path, status: (await fetch(`${url}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });

  it('says the app is not built when the server has no web build', async () => {
    const empty = await start(join(www, 'nowhere'));
    try {
      const response = await fetch(`${empty.url}/reception/`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('npm run build');
    } finally {
      await empty.app.close();
    }
  });
});
