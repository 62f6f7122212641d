import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { PresentedVoucher, ReportedEligibility, VoucherPart } from '@hcv/contracts';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { planFederation, PlatformClient, seedFederation, type FederationPlan, type VisitPlan } from '@hcv/federation-driver';
import {
  freePorts,
  PLATFORM_SERVICES,
  startServiceProcess,
  temporaryFolder,
  testStaffToken,
  testStaffTokens,
  type ServiceProcess,
} from '@hcv/testing';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

/**
 * What the reception app's browser specs (tests/browser/reception-*.e2e.spec.ts) share: the five
 * services as processes over Kafka and the MongoDB-wire server, seeded with one federation (one
 * facility, one bus), headless Debian Chromium through playwright-core, started once per spec file
 * (`receptionPlatform` registers the file's beforeAll and afterAll), and the steps every screen
 * takes: axe-core, touch targets, screenshots at tablet and phone size under test-output/reception.
 */
export const SEED = 1717;
export const ROOT = join(__dirname, '../../..');
export const SHOTS = join(ROOT, 'test-output', 'reception');
export const SIZES = [
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
] as const;

export interface ReceptionPlatform {
  plan: FederationPlan;
  /** Eligible specific-checkup visits, a fixed 窓口負担 first (then a rate, then none). */
  regular: VisitPlan[];
  facility: FederationPlan['sites'][number];
  bus: FederationPlan['sites'][number];
  checkupDate: string;
  /** Set once the file's beforeAll has run. */
  registryUrl: string;
  cardUrl: string;
  client: PlatformClient;
  browser: Browser;
  processes: ServiceProcess[];
  /** The screens this file has checked and photographed. */
  screens: string[];
  /** A browser context closed (if still open) before the browser at the end of the file. */
  newContext(options: BrowserContextOptions): Promise<BrowserContext>;
  /** Activates the reception app in `p` as `deviceId` with a one-time code, by keyboard. */
  activate(p: Page, deviceId: string): Promise<void>;
  /** Every screen: axe, touch targets, and a screenshot at tablet and phone size. */
  screen(p: Page, name: string): Promise<void>;
}

export interface ReceptionPlatformOptions {
  /** The file's temporary folder name. */
  name: string;
  /** Devices registered after the seed, at the federation's facility or bus. */
  devices: { deviceId: string; site: 'facility' | 'bus' }[];
}

/** Registers the file's beforeAll (platform, seed, devices, browser) and afterAll; fields are set in beforeAll. */
export function receptionPlatform(options: ReceptionPlatformOptions): ReceptionPlatform {
  const workDir = temporaryFolder(options.name);
  const runId = randomUUID().slice(0, 8);
  const checkupDate = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const plan = planFederation({
    seed: SEED,
    population: 200,
    facilities: 1,
    buses: 1,
    devicesPerSite: 1,
    visits: 60,
    checkupDate,
    firstScenarios: ['birth-date-mismatch'],
  });
  const people = generatePopulation({ seed: SEED, size: 200 });
  const eligible = (v: VisitPlan) =>
    (v.scenario === 'regular' || v.scenario === 'paper-only') &&
    people.some((p) => p.cardReference === v.cardReference && !p.duplicated && !p.qualification.lostOn);
  // A fixed 窓口負担 first, so the first result shows yen to collect (then a rate, then none).
  const rank = (v: VisitPlan) => ['fixed', 'rate', 'none'].indexOf(v.voucher.copayments.basic?.kind ?? 'none');
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const contexts: BrowserContext[] = [];

  const platform: ReceptionPlatform = {
    plan,
    regular: plan.visits.filter((v) => eligible(v) && v.purpose === 'specific-checkup').sort((a, b) => rank(a) - rank(b)),
    facility: plan.sites.find((s) => s.kind === 'facility')!,
    bus: plan.sites.find((s) => s.kind === 'bus')!,
    checkupDate,
    registryUrl: '',
    cardUrl: '',
    client: undefined as unknown as PlatformClient,
    browser: undefined as unknown as Browser,
    processes: [],
    screens: [],
    async newContext(contextOptions) {
      const context = await platform.browser.newContext(contextOptions);
      contexts.push(context);
      return context;
    },
    async activate(p, deviceId) {
      await p.goto(`${platform.cardUrl}/reception/`);
      await p.locator('input[name="activation-code"]').waitFor();
      // Keyboard only: Tab past the skip link and the language switch to the code field, type, Enter.
      await tabTo(p, 'input[name="activation-code"]');
      await p.keyboard.type((await activationCode(deviceId)).toLowerCase());
      await p.keyboard.press('Enter');
      await p.locator('input[name="purpose"]').first().waitFor({ timeout: 120_000 });
    },
    async screen(p, name) {
      await axe(p, name);
      for (const size of SIZES) {
        await p.setViewportSize(size);
        expect({ name, size, small: await smallTargets(p) }).toEqual({ name, size, small: [] });
        await p.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
      }
      await p.setViewportSize(SIZES[0]);
      platform.screens.push(name);
    },
  };

  async function activationCode(deviceId: string): Promise<string> {
    const response = await fetch(`${platform.registryUrl}/devices/${deviceId}/activation-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testStaffToken(['operator'])}` },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { code: string }).code;
  }

  /** axe-core (evaluated through the debugger, so the page's CSP stays as served): no serious or critical violation. */
  async function axe(p: Page, screen: string) {
    await p.evaluate(axeSource);
    const violations = await p.evaluate<string[]>(`axe.run().then((result) =>
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const chosen = await freePorts(PLATFORM_SERVICES.length);
    const ports = Object.fromEntries(PLATFORM_SERVICES.map((s, i) => [s, chosen[i]!] as const));
    const registryUrl = (platform.registryUrl = `http://127.0.0.1:${ports['device-registry']}`);
    const cardUrl = (platform.cardUrl = `http://127.0.0.1:${ports['card-session']}`);
    const env = {
      SIMULATOR_SEED: String(SEED),
      SIMULATOR_POPULATION: '200',
      AUDIT_PII_KEY: 'e2e-test-key',
      DEVICE_REGISTRY_PUBLIC_URL: registryUrl,
      CARD_SESSION_PUBLIC_URL: cardUrl,
    };
    const started = await Promise.allSettled(
      PLATFORM_SERVICES.map((service) =>
        startServiceProcess({ service, workDir, databasePrefix: `e2e_rcpt_${runId}`, env, port: ports[service] }),
      ),
    );
    platform.processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const url = (s: string) => platform.processes.find((p) => p.service === s)!.url;
    const client = (platform.client = new PlatformClient(
      { deviceRegistry: registryUrl, cardSession: cardUrl, voucherMatching: url('voucher-matching'), audit: url('audit') },
      { staffTokens: testStaffTokens() },
    ));
    await seedFederation(client, plan);
    for (const { deviceId, site } of options.devices) {
      const { siteId, institutionNumber } = site === 'bus' ? platform.bus : platform.facility;
      await client.registerDevice({ deviceId, institutionNumber, siteId, kind: 'tablet', requestedBy: 'e2e-reception' });
    }
    platform.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await platform.browser?.close();
    await Promise.all(platform.processes.map((p) => p.stop()));
  });

  return platform;
}

/** Every visible interactive target is at least 44 × 44 px (radios and checkboxes count by their label row). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const selector = 'button, a[href], input:not([type=radio]):not([type=checkbox]), select, summary, .hcv-choice, .hcv-checkbox';
    return [...document.querySelectorAll(selector)]
      .filter((e) => e.offsetParent !== null && !e.classList.contains('hcv-skip'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ e, r }) => e.tagName.toLowerCase() + '[' + (e.getAttribute('name') ?? e.textContent.trim().slice(0, 20)) + '] ' + Math.round(r.width) + 'x' + Math.round(r.height));
  })()`);
}

export async function fillReported(p: Page, reported: ReportedEligibility) {
  await p.selectOption('select[name="reported-validity"]', reported.validity);
  const fields = [
    'insurerNumber',
    'insurerName',
    'symbol',
    'number',
    'branch',
    'name',
    'nameKana',
    'birthDate',
    'acquiredOn',
    'validFrom',
    'validUntil',
  ] as const;
  for (const f of fields) if (reported[f] !== undefined) await p.fill(`input[name="reported-${f}"]`, String(reported[f]));
  if (reported.sex) await p.selectOption('select[name="reported-sex"]', reported.sex);
  if (reported.relationship) await p.selectOption('select[name="reported-relationship"]', reported.relationship);
}

export async function fillVoucher(p: Page, voucher: PresentedVoucher) {
  await p.locator('input[name="voucher-insurerNumber"]').waitFor();
  await p.fill('input[name="voucher-insurerNumber"]', voucher.insurerNumber);
  await p.fill('input[name="voucher-voucherNumber"]', voucher.voucherNumber);
  await p.fill('input[name="voucher-validUntil"]', voucher.validUntil);
  if (voucher.guidanceLevel) await p.selectOption('select[name="voucher-guidanceLevel"]', voucher.guidanceLevel);
  for (const [part, c] of Object.entries(voucher.copayments) as [VoucherPart, NonNullable<PresentedVoucher['copayments'][VoucherPart]>][]) {
    await p.selectOption(`select[name="copayment-${part}-kind"]`, c.kind);
    if (c.kind === 'fixed') await p.fill(`input[name="copayment-${part}-value"]`, String(c.amount));
    if (c.kind === 'rate') await p.fill(`input[name="copayment-${part}-value"]`, String(c.percent));
  }
  if (voucher.insurerUpperLimit !== undefined) await p.fill('input[name="voucher-insurerUpperLimit"]', String(voucher.insurerUpperLimit));
  if (voucher.coordinator) await p.selectOption('select[name="voucher-coordinator"]', voucher.coordinator.kind);
  if (voucher.symbol) await p.fill('input[name="voucher-symbol"]', voucher.symbol);
  if (voucher.number) await p.fill('input[name="voucher-number"]', voucher.number);
}

/** Fills the named fields of the alternative document's form with what the visitor reported (those reported). */
export async function fillAlternative(
  p: Page,
  reported: ReportedEligibility,
  fields: readonly ('insurerNumber' | 'symbol' | 'number' | 'branch' | 'name' | 'birthDate')[],
) {
  for (const f of fields) {
    const v = reported[f];
    if (v) await p.fill(`input[name="alternative-${f}"]`, v);
  }
}

/** Presses Tab until the element matching `selector` has the focus (keyboard-only operation). */
export async function tabTo(p: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    if (await p.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`no keyboard path to ${selector}`);
}

/** Back on the purpose screen, whatever an earlier case left on screen (each case starts a visit of its own). */
async function toPurpose(p: Page) {
  const purpose = p.locator('input[name="purpose"]').first();
  if (await purpose.isVisible()) return;
  const cancel = p.getByRole('button', { name: /^(中止|受付を中止)$/ });
  if ((await cancel.count()) > 0) await cancel.first().click();
  const next = p.getByRole('button', { name: '次の方へ' });
  await next.waitFor({ timeout: 30_000 }).catch(() => undefined);
  if ((await next.count()) > 0) await next.click();
  await purpose.waitFor();
}

export async function startVisit(p: Page, purpose: VisitPlan['purpose']) {
  await toPurpose(p);
  await p.locator(`input[name="purpose"][value="${purpose}"]`).check();
  await p.getByRole('button', { name: '受付を始める' }).click();
  await p.locator('input[name="identity-mode"]').first().waitFor();
}

export async function result(p: Page): Promise<string> {
  const outcome = p.locator('[data-outcome]');
  await outcome.waitFor({ timeout: 90_000 });
  return (await outcome.getAttribute('data-outcome'))!;
}
