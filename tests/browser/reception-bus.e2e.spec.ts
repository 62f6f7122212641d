import type { BrowserContext, Page } from 'playwright-core';
import { testStaffToken, waitFor } from '@hcv/testing';
import { fillAlternative, fillVoucher, receptionPlatform, SIZES } from './support/reception-platform';

/**
 * The reception app on a bus and on a device gone missing, in a real browser (headless Debian
 * Chromium through playwright-core) against the five services as processes over Kafka and the
 * MongoDB-wire server (tests/browser/support/reception-platform.ts): a bus capturing a visit offline
 * that is sent once when back online, the pre-tour check against the registry, a suspended device
 * refused with what to do, axe-core on every screen, and screenshots of every screen at tablet and
 * phone size under test-output/. Visits at a facility's desk: reception-desk.e2e.spec.ts.
 */
jest.setTimeout(600_000);

describe('reception app in headless Chromium: on a bus, and a suspended device', () => {
  const rp = receptionPlatform({
    name: 'e2e-reception-bus',
    devices: [
      { deviceId: 'reception-bus-1', site: 'bus' },
      { deviceId: 'reception-lost-1', site: 'facility' },
    ],
  });
  /** The bus device's page (activated in the offline case, used again for the pre-tour check). */
  let busContext: BrowserContext;
  let busPage: Page;

  it('on a bus: captures a visit offline, and sends it once when back online (a lost answer resent gives the same session)', async () => {
    busContext = await rp.newContext({ viewport: SIZES[0], locale: 'ja-JP' });
    busPage = await busContext.newPage();
    await rp.activate(busPage, 'reception-bus-1');
    const answers: { sessionId: string; resent: boolean }[] = [];
    let dropped = false;
    // the service worker keeps the app's files: the page opens again without a network
    await waitFor(
      async () => (await busPage.evaluate('Boolean(navigator.serviceWorker.controller)')) === true,
      30_000,
      'the service worker',
    );
    await busContext.route('**/sessions/captured', async (route) => {
      const response = await route.fetch();
      answers.push((await response.json()) as { sessionId: string; resent: boolean });
      // The first answer is lost on the way back (the bus drove into a tunnel): the app must resend.
      if (!dropped) {
        dropped = true;
        await route.abort('connectionreset');
      } else await route.fulfill({ response });
    });

    await busContext.setOffline(true);
    await busPage.locator('[data-banner="offline"]').waitFor();
    const visit = rp.regular[3]!;
    const r = visit.reported;
    await busPage.locator(`input[name="purpose"][value="${visit.purpose}"]`).check();
    await busPage.getByRole('button', { name: '受付を始める' }).click();
    await busPage.selectOption('select[name="alternative-method"]', 'eligibility-certificate');
    await fillAlternative(busPage, r, ['insurerNumber', 'symbol', 'number', 'name', 'birthDate']);
    await rp.screen(busPage, '09-offline-identity');
    // a reload while offline loses nothing typed (the draft, sealed in IndexedDB; the app from the service worker)
    await busPage.reload();
    await busPage.locator('input[name="alternative-name"]').waitFor();
    expect(await busPage.locator('input[name="alternative-name"]').inputValue()).toBe(r.name);
    expect(await busPage.locator('select[name="alternative-method"]').inputValue()).toBe('eligibility-certificate');
    await busPage.getByRole('button', { name: '書類の内容で進む' }).click();
    await fillVoucher(busPage, visit.voucher);
    await busPage.getByRole('button', { name: '送信待ちに保存する' }).click();
    await busPage.locator('[data-banner="queued"]').waitFor();
    expect(await busPage.locator('[data-queue-count]').getAttribute('data-queue-count')).toBe('1');
    await rp.screen(busPage, '10-offline-queued');

    await busContext.setOffline(false);
    await waitFor(async () => (await busPage.locator('[data-queue-count]').count()) === 0, 90_000, 'the queue to be sent');
    expect(answers.length).toBe(2);
    expect(answers[1]!.sessionId).toBe(answers[0]!.sessionId);
    expect(answers.map((a) => a.resent)).toEqual([false, true]);
  });

  it('on a bus: runs the pre-tour check against the registry, red until the national app’s test is confirmed, then marks the tour ready', async () => {
    const tourPath = `${rp.registryUrl}/tours/${rp.bus.siteId}/${rp.checkupDate}`;
    const stop = { stopId: 'stop-minato-1', name: '港区役所前', date: rp.checkupDate, from: '09:00', to: '12:00' };
    const itinerary = await fetch(`${rp.registryUrl}/sites/${rp.bus.siteId}/itinerary`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${testStaffToken(['operator'])}`, 'content-type': 'application/json' },
      body: JSON.stringify({ itinerary: [stop] }),
    });
    expect(itinerary.status).toBe(200);
    // the bus's other device checks green over the same device-signed route
    for (const deviceId of rp.bus.devices) {
      const checked = await rp.client.deviceRequest(
        deviceId,
        'POST',
        `${tourPath}/readiness-checks`,
        JSON.stringify({
          deviceClockAt: new Date().toISOString(),
          reader: { present: true },
          nationalSystem: { testConfirmation: 'ok', at: new Date().toISOString() },
          stopsLoaded: [stop.stopId],
        }),
      );
      expect(checked.status).toBe(201);
    }
    await busPage.getByRole('button', { name: '出発前点検' }).click();
    await busPage.locator('select[name="national-test"]').waitFor();
    // the day's stops as the registry has them now (GET /tours/:busId/:tourDate)
    await busPage.getByText('本日の会場：1か所').waitFor();
    await busPage.locator('[data-device="reception-bus-1"] [data-check="not-checked"]').waitFor();
    expect(await busPage.locator('[data-bus-ready]').getAttribute('data-bus-ready')).toBe('false');
    await rp.screen(busPage, '12-readiness');

    // the national app's test not confirmed yet: that check is red, the bus cannot leave, and no mark is offered
    await busPage.selectOption('select[name="national-test"]', 'not-run');
    await busPage.getByRole('button', { name: '点検を送信' }).click();
    await busPage.locator('[data-device="reception-bus-1"] [data-check="national-system"][data-state="red"]').waitFor();
    for (const check of ['device-active', 'clock', 'reader', 'stops'])
      expect(await busPage.locator(`[data-device="reception-bus-1"] [data-check="${check}"]`).getAttribute('data-state')).toBe('green');
    expect(await busPage.locator('[data-bus-ready]').getAttribute('data-bus-ready')).toBe('false');
    expect(await busPage.locator('[data-action="mark-ready"]').count()).toBe(0);
    expect(await busPage.locator('[data-device="reception-bus-1"] [data-check="national-system"]').textContent()).toContain('テスト確認');
    await rp.screen(busPage, '13-readiness-red');
    // marking it ready anyway is refused by the registry (tour-not-ready), in Japanese
    const refused = await fetch(`${tourPath}/ready`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testStaffToken(['operator'])}` },
    });
    expect(refused.status).toBe(409);

    // confirmed: every check of every device green, and the crew marks the tour ready from the device
    await busPage.selectOption('select[name="national-test"]', 'ok');
    await busPage.getByRole('button', { name: '点検を送信' }).click();
    await busPage.locator('[data-bus-ready="true"]').waitFor();
    await busPage.locator('[data-action="mark-ready"]').click();
    await busPage.locator('[data-marked-ready="true"]').waitFor();
    expect(await busPage.locator('[data-marked-ready]').textContent()).toContain('reception-bus-1');
    await rp.screen(busPage, '14-readiness-marked');
    const report = (await (
      await fetch(`${tourPath}/readiness`, { headers: { authorization: `Bearer ${testStaffToken(['operator'])}` } })
    ).json()) as { ready: boolean; markedReadyBy?: string };
    expect(report).toMatchObject({ ready: true, markedReadyBy: expect.stringContaining('reception-bus-1') });
    await busContext.close();
  });

  it('refuses a suspended device and says why and what to do', async () => {
    const lost = await rp.newContext({ viewport: SIZES[0], locale: 'ja-JP' });
    const lostPage = await lost.newPage();
    await rp.activate(lostPage, 'reception-lost-1');
    await rp.client.suspendDevice('reception-lost-1', 'e2e-reception', 'tablet reported lost');
    // card-session learns the suspension from the registry's event; each reload asks again (GET /devices/self)
    await waitFor(
      async () => {
        await lostPage.reload();
        await lostPage.locator('[data-refused], input[name="purpose"]').first().waitFor({ timeout: 30_000 });
        return (await lostPage.locator('[data-refused="suspended"]').count()) > 0;
      },
      60_000,
      'the device to be refused as suspended',
    );
    expect(await lostPage.locator('[data-refused] .hcv-banner').textContent()).toContain('reception-lost-1');
    await rp.screen(lostPage, '11-refused-suspended');
    await lost.close();
  });

  it('saved a screenshot of every screen at both sizes', () => {
    // With reception-desk.e2e.spec.ts's ten or more: at least 15 screens in all, as before the split.
    expect(rp.screens.length).toBeGreaterThanOrEqual(6);
  });
});
