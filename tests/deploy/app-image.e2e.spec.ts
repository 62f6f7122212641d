import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, imageNodeOptions, PLATFORM_SERVICES, temporaryFolder, TEST_STAFF_SECRET, waitFor } from '@hcv/testing';
import { ROOT } from './manifests';

/**
 * No Docker engine here, so the images are checked by their contents: tools/docker/app-files.mjs
 * lays out what the Dockerfile copies into /app/dist for one app, and the app starts from that
 * layout alone (its own files and the @hcv libs it reaches; npm packages from node_modules, which
 * app-files.mjs checks are production dependencies), becomes ready, passes the image's
 * healthcheck, and drains on SIGTERM. Secrets come as in k8s: the staff-token secret from a file.
 */
function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe.each(PLATFORM_SERVICES)('%s image layout', (app) => {
  const work = temporaryFolder(`image-${app}`);
  const image = join(work, 'app');

  it('holds only the app’s own compiled files and the libs it reaches', () => {
    const built = spawnSync(process.execPath, [join(ROOT, 'tools/docker/app-files.mjs'), app, image], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const files = filesUnder(join(image, 'dist'));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'healthcheck.js', `apps/${app}/src/main.js`, 'libs/contracts/src/index.js']));
    const others = PLATFORM_SERVICES.filter((s) => s !== app);
    for (const file of files) {
      expect(file).not.toMatch(/\.spec\.js$/);
      expect(file).not.toMatch(/^(libs|node_modules\/@hcv)\/(testing|federation-driver)\b/);
      for (const other of others) expect(file).not.toMatch(new RegExp(`^(apps/${other}/|libs/${other}-service/)`));
    }
  });

  it('starts from that layout, passes the image healthcheck, and exits 0 on SIGTERM', async () => {
    expect(existsSync(join(image, 'dist/main.js'))).toBe(true);
    // Stand-in for the image's production node_modules (the @hcv libs are not in it: they must come from dist/).
    symlinkSync(join(ROOT, 'node_modules'), join(image, 'node_modules'));
    const secretFile = join(work, 'staff-token-secret');
    writeFileSync(secretFile, `${TEST_STAFF_SECRET}\n`);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      MONGO_URL: process.env.MONGO_URL!,
      MONGO_DB: `image_${app.replace(/-/g, '_')}_${Date.now()}`,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      HCV_STAFF_TOKEN_SECRET_FILE: secretFile,
      AUDIT_PII_KEY: 'image-layout-test-key-not-for-deployments',
      VOUCHER_PII_KEY: 'image-layout-test-voucher-key-not-for-deployments',
      DEVICE_KEY_ENCRYPTION_KEYS: 'k1=image-layout-test-device-key-not-for-deployments',
      // The production start-up check: the test broker and database are plaintext (a named risk), and
      // staff tokens have an issuer (none is asked here: the healthcheck needs no staff token).
      KAFKA_INSECURE: 'true',
      MONGO_INSECURE: 'true',
      STAFF_OIDC_ISSUER: 'https://login.example.invalid/hcv',
      STAFF_OIDC_AUDIENCE: 'hcv-api',
      TZ: 'UTC',
      // The image's own heap flags: the service must start and answer with them.
      NODE_OPTIONS: imageNodeOptions(),
    };
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: image, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}: ${stderr}`);
          return spawnSync(process.execPath, ['dist/healthcheck.js'], { cwd: image, env, timeout: 10_000 }).status === 0;
        },
        120_000,
        `${app}'s image healthcheck to pass`,
      );
      // Files read at run time, not required: the desk app's page and assets must be in the image too.
      if (app === 'audit') {
        const page = await fetch(`http://127.0.0.1:${port}/desk/`);
        expect(page.status).toBe(200);
        const assets = [...(await page.text()).matchAll(/(?:src|href)="(\/desk\/assets\/[^"]+)"/g)].map((m) => m[1]!);
        expect(assets.length).toBeGreaterThan(0);
        for (const asset of assets)
          expect({ asset, status: (await fetch(`http://127.0.0.1:${port}${asset}`)).status }).toEqual({ asset, status: 200 });
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
    expect(stderr).not.toMatch(/Cannot find module/);
  }, 180_000);
});
