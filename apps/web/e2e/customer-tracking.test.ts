import { startTestStack, type TestStack } from '@app/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { bookThroughApi, deliverThroughSandbox, seedStore, shipmentsOf, trackingPathFromMessages } from './fixtures';
import { openPhone } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/**
 * The customer's side, on a phone. The order is booked and delivered through the API and the
 * sandbox's real webhooks before the tests, so these tests do not depend on the admin's.
 */
describe.skipIf(skipReason !== null)('the customer tracks a delivered order', () => {
  let stack: TestStack;
  let browser: Browser;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;
  let trackingPath = '';

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    fixtures = await seedStore(stack.database.db);
    await bookThroughApi(stack, fixtures.main.id);
    trackingPath = await trackingPathFromMessages(stack, fixtures.main.id);
    await deliverThroughSandbox(stack, fixtures.main.id);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the link in the message shows Delivered with the history, and loads no admin code', async () => {
    const phone = await openPhone(browser);
    const scripts: string[] = [];
    phone.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await phone.goto(`${stack.url}${trackingPath}`);
    await phone.getByRole('heading', { name: 'Delivered' }).waitFor();
    const text = await phone.locator('main').innerText();
    expect(text).toContain('FB-10231');
    expect(text).toMatch(/Out for Delivery/i);
    expect(text).toContain('Shipped');
    const [shipment] = await shipmentsOf(stack, fixtures.main.id);
    expect(shipment?.awb).toBeTruthy();
    expect(text).toContain(String(shipment?.awb));
    // Masked: no full name, street or phone number.
    expect(text).not.toContain('Asha Raman');
    expect(text).not.toContain('Indiranagar');
    expect(text).not.toContain('9876543210');
    expect(await phone.locator('.history li').count()).toBeGreaterThanOrEqual(3);
    expect(scripts.some((s) => s.includes('/assets/admin-'))).toBe(false);
    expect(scripts.length).toBeGreaterThan(0);
    await screenshot(phone, 'tracking-delivered-mobile', { fullPage: true });
  });

  it('without the link, a wrong phone digit shows nothing private; the right one shows the order', async () => {
    const phone = await openPhone(browser);
    await phone.goto(`${stack.url}/order-tracking/FB-10231`);
    const digits = phone.getByLabel('Last 4 digits of your phone');
    await digits.waitFor();
    await screenshot(phone, 'tracking-locked-mobile');

    await digits.fill('3211');
    await phone.getByRole('button', { name: 'Show my order' }).click();
    await phone.getByText('We couldn’t find an order with those details').waitFor();
    const text = await phone.locator('main').innerText();
    expect(text).not.toMatch(/Delivered|Delhivery|Bengaluru|A\*+/);

    await digits.fill('3210');
    await phone.getByRole('button', { name: 'Show my order' }).click();
    await phone.getByRole('heading', { name: 'Delivered' }).waitFor();

    // An unknown order answers exactly like a wrong digit.
    await phone.goto(`${stack.url}/order-tracking/FB-99999`);
    await digits.fill('3210');
    await phone.getByRole('button', { name: 'Show my order' }).click();
    await phone.getByText('We couldn’t find an order with those details').waitFor();
  });
});
