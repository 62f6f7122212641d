import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type BrowserContext } from 'playwright-core';
import { generatePopulation } from '@hcv/eligibility-simulator';
import {
  driveVerification,
  planFederation,
  PlatformClient,
  PlatformHttpError,
  seedFederation,
  type VerificationResult,
} from '@hcv/federation-driver';
import { startPlatformProcesses, temporaryFolder, testStaffToken, testStaffTokens, waitFor } from '@hcv/testing';

/**
 * The operations dashboard in a real browser: the five services as separate
 * processes over Kafka and the MongoDB-wire server; a verification is driven through the system; the
 * page, opened in headless Debian Chromium (playwright-core, no downloaded browser), shows it in the
 * live feed and in its site's counts, drills down to the site, and is saved as a screenshot.
 */
const SEED = 5150;
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '../../test-output');

jest.setTimeout(300_000);

describe('operations dashboard in headless Chromium', () => {
  const workDir = temporaryFolder('e2e-dashboard');
  const userDataDir = temporaryFolder('chromium');
  const runId = randomUUID().slice(0, 8);
  const checkupDate = new Date().toISOString().slice(0, 10);
  const plan = planFederation({ seed: SEED, population: 200, facilities: 1, buses: 1, devicesPerSite: 1, visits: 40, checkupDate });
  let stop: (() => Promise<void>) | undefined;
  let auditUrl = '';
  let client: PlatformClient;
  let browser: BrowserContext | undefined;

  beforeAll(async () => {
    const platform = await startPlatformProcesses({
      workDir,
      databasePrefix: `e2e_dash_${runId}`,
      env: { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: '200', AUDIT_PII_KEY: 'e2e-test-key', OPS_ALERT_INTERVAL_MS: '1000' },
    });
    stop = platform.stop;
    auditUrl = platform.url('audit');
    client = new PlatformClient(
      {
        deviceRegistry: platform.url('device-registry'),
        cardSession: platform.url('card-session'),
        voucherMatching: platform.url('voucher-matching'),
        audit: auditUrl,
      },
      { staffTokens: testStaffTokens() },
    );
    await seedFederation(client, plan);
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('shows the verification just driven through the system, and drills down to its site', async () => {
    const people = generatePopulation({ seed: SEED, size: 200 });
    const visit = plan.visits.find(
      (v) =>
        v.scenario === 'regular' && people.some((p) => p.cardReference === v.cardReference && !p.duplicated && !p.qualification.lostOn),
    )!;
    const site = plan.sites.find((s) => s.devices.includes(visit.deviceId))!;
    let result: VerificationResult | undefined;
    await waitFor(
      async () => {
        try {
          result = await driveVerification(client, visit, { checkupDate, timeoutMillis: 60_000 });
          return true;
        } catch (error) {
          // 401/403 until card-session has learned the activated device from the registry's events
          if (error instanceof PlatformHttpError && (error.status === 401 || error.status === 403)) return false;
          throw error;
        }
      },
      90_000,
      'a verification through the platform',
    );
    const { sessionId, outcome } = result!.session;
    expect(outcome?.kind).toBe('matched');

    const page = await browser!.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // The token travels in the fragment, which the browser never sends to the server.
    await page.goto(`${auditUrl}/dashboard#token=${testStaffToken(['operator'])}`);
    expect(await page.title()).toContain('Operations');
    expect(page.url()).not.toContain('token='); // the page took the token out of the address bar

    const line = page.locator(`#feed li[data-session-id="${sessionId}"]`);
    await line.waitFor({ state: 'visible', timeout: 90_000 });
    expect(await line.getAttribute('data-outcome')).toBe('matched');
    expect(await line.getAttribute('data-site-id')).toBe(site.siteId);
    expect(await line.textContent()).toContain(visit.deviceId);

    const row = page.locator(`#sites tr[data-site-id="${site.siteId}"]`);
    await row.waitFor({ state: 'visible' });
    await waitFor(
      async () => Number(await row.locator('td[data-col="last5"]').textContent()) >= 1,
      30_000,
      'the site row to count the outcome',
    );
    expect(await row.textContent()).toContain(site.kind);
    expect(Number(await page.locator('[data-card="5 min outcomes"] .value').first().textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#federation-chart svg rect').count()).toBeGreaterThanOrEqual(1);

    await row.click();
    await page.locator('#site-detail').waitFor({ state: 'visible' });
    await page.locator(`#site-devices tr[data-device-id="${visit.deviceId}"]`).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#site-title').textContent()).toContain(site.siteId);
    expect(await page.locator('#site-chart svg rect').count()).toBeGreaterThanOrEqual(1);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('tells a user whose role may not read operations which role is needed', async () => {
    const page = await browser!.newPage();
    await page.goto(`${auditUrl}/dashboard`);
    await page.fill('#token', testStaffToken(['analyst']));
    await page.click('#token-form button[type="submit"]');
    await page.locator('#status.error').waitFor({ state: 'visible', timeout: 30_000 });
    const status = await page.locator('#status').textContent();
    expect(status).toContain('403 role-required');
    expect(status).toContain('operator');
    expect(await page.locator('#feed li').count()).toBe(0);
    await page.close();
  });
});
