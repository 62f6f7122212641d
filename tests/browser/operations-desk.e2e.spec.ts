import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { withInsurerCheckDigit } from '@hcv/domain';
import { driveVerification, PlatformClient, seedLargeFederation, type LargeFederation } from '@hcv/federation-driver';
import { temporaryFolder, waitFor } from '@hcv/testing';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium';

/**
 * The operations desk in headless Debian Chromium (playwright-core, no downloaded browser), against
 * `npm run embedded -- --keep-running` (built) with its development OpenID provider, and 80 more
 * centres and buses seeded over the 47 prefectures: the login through the provider (code + PKCE), the
 * tile map and its filters, an alert acknowledged with a note, a voucher file imported with its
 * progress bar to completion and its error report downloaded, a device suspended from the desk and
 * then refused by the reception app; the write actions each reach audit: an activation code issued
 * and redeemed, a case settled from the manual-settlement queue, that voucher use undone with a
 * reason, a contract saved; an auditor sees none of the write controls and is refused the queue in
 * Japanese. The page runs under its own CSP (no bypass); axe-core finds no
 * serious or critical violation on each screen; screenshots in test-output/.
 */
const SHOTS = join(__dirname, '../../test-output');
const MAIN = join(__dirname, '../../dist/apps/embedded/src/main.js');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

jest.setTimeout(300_000);

const COLUMNS =
  'voucherNumber,voucherKind,insurerNumber,symbol,number,branch,name,birthDate,sex,validFrom,validUntil,issuedOn,fiscalYear,basicCopayment,basicCopaymentValue,detailedCopayment,insurerUpperLimit,coordinatorKind,coordinatorId,coordinatorName,paymentAgentNumber,guidanceLevel';
const INSURER = withInsurerCheckDigit('0613901');

/** A voucher file of `rows` rows in the field-names layout; every 50th has an impossible birth date. */
function voucherFile(rows: number): { csv: string; broken: number } {
  const lines = [COLUMNS];
  let broken = 0;
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(6, '0');
    const bad = i % 50 === 49;
    if (bad) broken++;
    lines.push(
      [
        `27${n}999`,
        'checkup',
        INSURER,
        String(1000 + i),
        n,
        '00',
        `"受診者 ${n}"`,
        bad ? '1970-13-01' : `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`,
        i % 2 ? 'female' : 'male',
        '2026-04-01',
        '2027-03-31',
        '2026-04-01',
        '2026',
        'fixed',
        '1000',
        'none',
        '',
        'collective-A',
        'zeneiren',
        '全国労働衛生団体連合会',
        '12345678',
        '',
      ].join(','),
    );
  }
  return { csv: lines.join('\r\n'), broken };
}

/** A port whose next five are free too (the embedded services listen on base+1 … base+5). */
async function freePortBase(): Promise<number> {
  const listen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let i = 1; i <= 6 && free; i++) free = await listen(base + i);
    if (free) return base;
  }
}

describe('operations desk in headless Chromium', () => {
  const userDataDir = temporaryFolder('chromium-desk');
  let embedded: ChildProcess | undefined;
  let browser: BrowserContext | undefined;
  const urls: Record<string, string> = {};
  let operatorToken = '';
  /** The printed HS256 staff tokens of embedded mode, by role (the desk's own login is the provider's). */
  const tokens: Record<string, string> = {};
  let client: PlatformClient;
  let large: LargeFederation;
  let checkupDate = '';
  let reception = { url: '', deviceId: '', code: '' };
  let page: Page;
  const consoleErrors: string[] = [];

  async function screen(p: Page, name: string) {
    await p.evaluate(axeSource);
    const violations = await p.evaluate<string[]>(`axe.run().then((result) =>
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`);
    expect({ name, violations }).toEqual({ name, violations: [] });
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, `desk-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    // Fixed ports, so the reception app's settings (its registry, the registry's CORS for its origin) name them.
    const base = await freePortBase();
    embedded = spawn(process.execPath, [MAIN, '--keep-running', '--verifications', '4', '--base-port', String(base)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DEVICE_REGISTRY_PUBLIC_URL: `http://127.0.0.1:${base + 1}`,
        CARD_SESSION_PUBLIC_URL: `http://127.0.0.1:${base + 2}`,
        // devices silent for 3 s are offline and the monitor looks every second: the seeded sites alert soon
        HEARTBEAT_OFFLINE_AFTER_MS: '3000',
        OPS_ALERT_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
      },
    });
    const lines = createInterface({ input: embedded.stdout! });
    const stderr: string[] = [];
    embedded.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      embedded!.once('exit', (code) => reject(new Error(`embedded exited with ${code}: ${stderr.join('')}`)));
      lines.on('line', (line) => {
        const url = /^ {2}(\w+)\s+(http:\/\/\S+)$/.exec(line);
        if (url) urls[url[1]!] = url[2]!;
        operatorToken ||= /^ {2}operator\s+(\S+)$/.exec(line)?.[1] ?? '';
        const token = /^ {2}(auditor|analyst|site-manager)\s+(\S+)/.exec(line);
        if (token) tokens[token[1]!] = token[2]!;
        const app = /^Reception app \(a tablet at the desk\): (\S+)$/.exec(line);
        if (app) reception.url = app[1]!;
        const code = /^ {2}activation code for (\S+): (\S+) /.exec(line);
        if (code) reception = { ...reception, deviceId: code[1]!, code: code[2]! };
        if (line.startsWith('Operations desk: ')) resolve();
      });
    });
    // a larger federation for the map: 60 centres and 20 buses over the prefectures
    client = new PlatformClient(urls as never, { staffTokens: { operator: operatorToken } });
    checkupDate = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    large = await seedLargeFederation(client, {
      seed: 4711,
      now: new Date(),
      checkupDate,
      facilities: 60,
      buses: 20,
      devicesPerSite: 1,
      visits: 10,
    });
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'ja-JP',
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
    });
    // a failed request is named by its response (the console line does not say which)
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) consoleErrors.push(`${r.status()} ${r.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (embedded && embedded.exitCode === null) {
      const exited = new Promise((resolve) => embedded!.once('exit', resolve));
      embedded.kill('SIGINT');
      await exited;
    }
  });

  it('logs an operator in through the development provider and shows the Japanese desk', async () => {
    const response = await page.goto(`${urls.audit}/desk/`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src'))!;
    for (const service of ['deviceRegistry', 'voucherMatching', 'audit']) expect(connect).toContain(urls[service]);
    expect(connect).not.toContain('*');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/interaction/'));
    await page.fill('#login', 'operator');
    await page.fill('#password', 'operator');
    await page.click('button[type="submit"]');
    await page.waitForURL(`${urls.audit}/desk/`);
    await page.locator('[data-testid="tile-map"] button').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('全体状況');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    // JST on screen: the overview's time carries no other zone
    expect(await page.locator('main').textContent()).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}|\d{1,2}:\d{2}/);
    await screen(page, '01-overview');
  });

  it('colours the 47 prefectures by state and filters by kind, state and prefecture', async () => {
    const tiles = page.locator('[data-testid="tile-map"] button');
    expect(await tiles.count()).toBe(47);
    const states = await tiles.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-state')}:${e.className}`));
    expect(states.every((s) => /^(ok|degraded|down):desk-tile desk-tile--(ok|degraded|down|empty)$/.test(s))).toBe(true);
    // the seeded federation spreads over many prefectures
    const populated = await page.locator('[data-testid="tile-map"] button:not(.desk-tile--empty)').count();
    expect(populated).toBeGreaterThanOrEqual(20);
    const total = await page.locator('li[data-site]').count();
    expect(total).toBeGreaterThanOrEqual(80);

    await page.getByLabel('種類').selectOption('bus');
    await waitFor(async () => (await page.locator('li[data-site]').count()) < total, 10_000, 'the bus filter');
    const kinds = await page.locator('li[data-site]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    expect(new Set(kinds)).toEqual(new Set(['bus']));
    await screen(page, '02-filter-bus');

    // keyboard on the map: focus the first tile (Hokkaido), arrow down, Enter filters by that prefecture
    await page.getByLabel('種類').selectOption('all');
    await tiles.first().focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate<string | null>("document.activeElement?.getAttribute('data-prefecture')");
    expect(focused).toBe('02');
    const populatedTile = page.locator('[data-testid="tile-map"] button:not(.desk-tile--empty)').first();
    const code = await populatedTile.getAttribute('data-prefecture');
    await populatedTile.focus();
    await page.keyboard.press('Enter');
    expect(await populatedTile.getAttribute('aria-pressed')).toBe('true');
    await waitFor(async () => (await page.locator('li[data-site]').count()) < total, 10_000, 'the prefecture filter');
    const groups = await page.locator('section.desk-group').count();
    expect(groups).toBe(1);
    expect(code).toMatch(/^\d{2}$/);
    await page.getByRole('button', { name: '都道府県の絞り込みを解除' }).click();
    await waitFor(async () => (await page.locator('li[data-site]').count()) >= total, 10_000, 'the filter cleared');
  });

  it('acknowledges an alert with a note, which its history then shows', async () => {
    // seeded devices never send a heartbeat: they fall offline and their sites alert
    await waitFor(
      async () => {
        const r = await fetch(`${urls.audit}/operations/alerts?state=open`, { headers: { authorization: `Bearer ${operatorToken}` } });
        return ((await r.json()) as { alerts: unknown[] }).alerts.length > 0;
      },
      60_000,
      'an open alert',
    );
    await page.getByRole('link', { name: 'アラート' }).click();
    const card = page.locator('[data-alert]').first();
    await card.waitFor();
    const alertId = await card.getAttribute('data-alert');
    await card.getByLabel('メモ').fill('現地に電話で確認中');
    await card.getByRole('button', { name: '対応を始める（確認）' }).click();
    // it leaves the open list; in the acknowledged list its history names the operator and the note
    await waitFor(async () => (await page.locator(`[data-alert="${alertId}"]`).count()) === 0, 10_000, 'the alert to leave the open list');
    await page.getByLabel('対応中').check();
    const acknowledged = page.locator(`[data-alert="${alertId}"]`);
    await acknowledged.waitFor();
    await acknowledged.locator('summary').click();
    expect(await acknowledged.locator('.desk-history').textContent()).toMatch(/確認（operator）現地に電話で確認中/);
    await screen(page, '03-alert-acknowledged');
  });

  it('imports a voucher file with its progress bar to completion and downloads the rejected rows', async () => {
    await page.getByRole('link', { name: '受診券' }).click();
    const { csv, broken } = voucherFile(1500);
    await page
      .locator('[data-testid="voucher-file"]')
      .setInputFiles({ name: 'vouchers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.locator('[data-testid="import-progress"][data-state="completed"]').waitFor({ timeout: 120_000 });
    const bar = page.locator('[data-testid="import-progress"] [role="progressbar"]');
    expect(await bar.getAttribute('aria-valuenow')).toBe('1500');
    expect(await bar.getAttribute('aria-valuemax')).toBe('1500');
    expect(await page.locator('main').textContent()).toContain(`エラー ${broken}`);
    await screen(page, '04-voucher-import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'エラーの一覧をダウンロード（CSV）' }).click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(header).toBe('"行","項目","コード","理由"');
    expect(rows).toHaveLength(broken);
    expect(rows[0]).toMatch(/^"51","birthDate","invalid-field",/); // the 50th row is line 51 (header is line 1)
  });

  it('suspends a device from the desk, and the reception app refuses it', async () => {
    // the reception tablet is activated first (the printed one-time code), then suspended at the desk
    const tablet = await browser!.newPage();
    await tablet.goto(reception.url);
    await tablet.locator('input[name="activation-code"]').fill(reception.code);
    await tablet.keyboard.press('Enter');
    await tablet.locator('input[name="purpose"]').first().waitFor({ timeout: 60_000 });

    await page.goto(`${urls.audit}/desk/device?id=${encodeURIComponent(reception.deviceId)}`);
    // the tablet is in use (利用中): the actions follow the registry's own state of the device
    await page.getByRole('button', { name: '利用停止' }).waitFor();
    expect(await page.locator('main dl').textContent()).toContain('利用中');
    await page.getByLabel('理由').fill('タブレット紛失の届出');
    await page.getByRole('button', { name: '利用停止' }).click();
    await page.getByText(`端末 ${reception.deviceId} を「停止」にしました。`).waitFor();
    await page.getByRole('button', { name: '利用再開' }).waitFor();
    await screen(page, '05-device-suspended');

    await waitFor(
      async () => {
        await tablet.reload();
        await tablet.locator('[data-refused], input[name="purpose"]').first().waitFor({ timeout: 30_000 });
        return (await tablet.locator('[data-refused="suspended"]').count()) > 0;
      },
      60_000,
      'the reception app to refuse the suspended device',
    );
    await tablet.screenshot({ path: join(SHOTS, 'desk-06-reception-refused.png'), fullPage: true });
    await tablet.close();
  });

  /** A staff API answer read with a token (the operator's by default). */
  async function staffGet<T>(url: string, token = operatorToken): Promise<T> {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  const NEW_TABLET = 'desk-new-tablet-1';

  it('issues an activation code for a registered device; once redeemed, the desk and the audit trail show it active', async () => {
    const site = large.sites.find((s) => s.kind !== 'bus')!;
    await client.registerDevice({
      deviceId: NEW_TABLET,
      institutionNumber: site.institutionNumber,
      siteId: site.siteId,
      kind: 'tablet',
      requestedBy: 'desk-e2e',
    });
    // the desk's picture takes the registration in by its event (a refresh later)
    await waitFor(
      async () =>
        (await fetch(`${urls.audit}/operations/devices/${NEW_TABLET}`, { headers: { authorization: `Bearer ${operatorToken}` } })).ok,
      30_000,
      'the desk to know the registered tablet',
    );
    await page.goto(`${urls.audit}/desk/device?id=${NEW_TABLET}`);
    const issue = page.getByRole('button', { name: '有効化コードを発行' });
    await issue.waitFor();
    expect(await page.locator('main dl').textContent()).toContain('申請中');
    await issue.click();
    const code = (await page.locator('[data-testid="activation-code"]').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await screen(page, '08-activation-code');

    // the tablet redeems the code (what the reception app does with it)
    const redeemed = await fetch(`${urls.deviceRegistry}/device-activations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(redeemed.ok).toBe(true);
    // the desk's own picture (its projection of the events, not the registry) takes the activation in
    await page.goto(`${urls.audit}/desk/site?id=${encodeURIComponent(site.siteId)}`);
    const line = page.locator('li', { has: page.getByRole('link', { name: NEW_TABLET, exact: true }) });
    await waitFor(
      async () => {
        // the page shows the desk's picture when it loads: until the refresh has taken the new tablet
        // in, it is not on the page, so each try reloads and looks briefly
        await page.reload();
        const shown = await line.waitFor({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        return shown && (await line.textContent())!.includes('利用中');
      },
      30_000,
      'the desk to show the activated tablet',
    );
    // the audit trail has the activation, by the operator who issued the code
    const trail = await staffGet<{ events: { type: string; data: Record<string, unknown> }[] }>(
      `${urls.audit}/audit/devices/${NEW_TABLET}`,
    );
    expect(trail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['device.registered', 'device.activated']));
    expect(trail.events.find((e) => e.type === 'device.activated')!.data.activatedBy).toBe('operator');
  });

  let settled = { sessionId: '', insurerNumber: '', voucherNumber: '' };

  it('settles a member mismatch from the manual-settlement queue, which the audit trail then tells', async () => {
    // a visitor whose national app shows another birth date than the insurer's voucher record: member-mismatch
    const visit = large.visits.find((v) => v.scenario === 'regular' && v.purpose === 'specific-checkup')!;
    const { session } = await driveVerification(
      client,
      { ...visit, reported: { ...visit.reported, birthDate: '1931-02-03' } },
      { checkupDate },
    );
    expect(session.outcome?.kind).toBe('member-mismatch');
    settled = { sessionId: session.sessionId, insurerNumber: visit.voucher.insurerNumber, voucherNumber: visit.voucher.voucherNumber };

    await page.goto(`${urls.audit}/desk/`);
    await page.getByRole('link', { name: '手動確定' }).click();
    const card = page.locator(`[data-session="${settled.sessionId}"]`);
    await card.waitFor();
    await card.getByLabel('確認した保険者の担当者').fill('保険者 健診係 山田');
    await card.getByLabel('照会番号（任意）').fill('TEL-2026-001');
    await card.getByRole('button', { name: '確定する' }).click();
    await page.getByText(`確認 ${settled.sessionId} を確定しました。`).waitFor();
    expect(await card.count()).toBe(0);
    await screen(page, '09-settled');

    await waitFor(
      async () => {
        const { story } = await staffGet<{ story: { outcome?: { kind: string; settlement?: { kind: string; by: string } } } }>(
          `${urls.audit}/audit/sessions/${settled.sessionId}`,
        );
        return story.outcome?.kind === 'matched-after-settlement';
      },
      30_000,
      'the settlement in the audit trail',
    );
    const { story } = await staffGet<{ story: { outcome: { settlement: { kind: string; by: string } } } }>(
      `${urls.audit}/audit/sessions/${settled.sessionId}`,
    );
    expect(story.outcome.settlement).toMatchObject({ kind: 'insurer-confirmed', by: 'operator' });
  });

  it('undoes that voucher use with a reason, which the audit trail then tells', async () => {
    expect(settled.sessionId).not.toBe('');
    await page.getByRole('link', { name: '受診券' }).click();
    await page.getByLabel('保険者番号').fill(settled.insurerNumber);
    await page.getByLabel('受診券整理番号').fill(settled.voucherNumber);
    await page.getByLabel('確認のID（セッションID）').fill(settled.sessionId);
    await page.getByLabel('取り消しの理由').fill('別の受診者の券で受け付けたため');
    await page.getByRole('button', { name: '利用を取り消す' }).click();
    await page.getByText(`受診券 ${settled.voucherNumber} の利用を取り消しました。`).waitFor();
    await screen(page, '10-voucher-use-undone');
    await waitFor(
      async () => {
        const { story } = await staffGet<{ story: { undone?: { by: string; reason: string }[] } }>(
          `${urls.audit}/audit/sessions/${settled.sessionId}`,
        );
        return story.undone?.some((u) => u.by === 'operator' && u.reason === '別の受診者の券で受け付けたため') ?? false;
      },
      30_000,
      'the undo in the audit trail',
    );
  });

  it('edits a contract and saves it', async () => {
    await page.getByRole('link', { name: '契約' }).click();
    await page.getByLabel('契約ID').fill('federation-collective-A');
    await page.getByRole('button', { name: '表示する' }).click();
    const json = page.getByLabel('契約の内容（JSON）');
    await json.waitFor();
    const contract = JSON.parse(await json.inputValue()) as Record<string, unknown>;
    expect(contract.kind).toBe('collective-A');
    await json.fill(JSON.stringify({ ...contract, name: '連合会 集合契約A（デスクで更新）' }, null, 2));
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('契約 federation-collective-A を保存しました。').waitFor();
    await screen(page, '11-contract-saved');
    const saved = await staffGet<{ name: string }>(`${urls.voucherMatching}/contracts/federation-collective-A`);
    expect(saved.name).toBe('連合会 集合契約A（デスクで更新）');
  });

  /** A new tab logged in with a printed staff token (the provider's login above is the operator's). */
  async function tabAs(role: string): Promise<Page> {
    const tab = await browser!.newPage();
    await tab.addInitScript(
      ([key, token]) => sessionStorage.setItem(key!, JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 })),
      ['hcv.desk.login.token', tokens[role]!],
    );
    return tab;
  }

  it('shows a site manager and an auditor no action their role lacks, and a refusal in Japanese', async () => {
    // a site manager works alerts and settles for their sites, but does not manage devices, vouchers or contracts
    const manager = await tabAs('site-manager');
    await manager.goto(`${urls.audit}/desk/device?id=${encodeURIComponent(reception.deviceId)}`);
    await manager.locator('main dl').waitFor();
    const nav = (tab: Page) => tab.getByRole('navigation', { name: '画面の切り替え' }).getByRole('link').allTextContents();
    expect(await nav(manager)).toEqual(['全体状況', 'アラート', '手動確定']);
    expect(await manager.getByRole('button', { name: /有効化コード|利用停止|利用再開|廃止/ }).count()).toBe(0);
    await screen(manager, '12-site-manager-device');
    // a write sent anyway is refused by the service, in Japanese
    const refused = await fetch(`${urls.deviceRegistry}/devices/${encodeURIComponent(reception.deviceId)}/activate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['site-manager']}`, 'content-type': 'application/json', 'accept-language': 'ja' },
      body: JSON.stringify({ activatedBy: 'site-manager' }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/[ぁ-んァ-ン一-龥]/);
    await manager.close();

    // an auditor reads contracts, read-only; the settlement queue's address answers with the refusal
    const auditor = await tabAs('auditor');
    await auditor.goto(`${urls.audit}/desk/contracts`);
    await auditor.getByRole('heading', { name: '契約' }).waitFor();
    expect(await nav(auditor)).toEqual(['契約']);
    await auditor.getByLabel('契約ID').fill('federation-collective-A');
    await auditor.getByRole('button', { name: '表示する' }).click();
    await auditor.getByLabel('契約の内容（JSON）').waitFor();
    expect(await auditor.getByLabel('契約の内容（JSON）').getAttribute('readonly')).not.toBeNull();
    expect(await auditor.getByRole('button', { name: '保存する' }).count()).toBe(0);
    await auditor.goto(`${urls.audit}/desk/settlement`);
    await auditor.getByText('この操作を行う権限がありません。', { exact: false }).waitFor();
    await screen(auditor, '13-auditor-refused');
    await auditor.close();
  });

  it('switches to English with JST times kept, and logged no script error', async () => {
    await page.getByRole('link', { name: '全体状況', exact: true }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screen(page, '07-overview-en');
    expect(consoleErrors).toEqual([]);
  });
});
