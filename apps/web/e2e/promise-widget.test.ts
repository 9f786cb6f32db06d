import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, ManualClock, type TestStack } from '@app/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser, screenshot } from './browser';

/**
 * The delivery-promise widget on a store's own product page: another origin, a plain HTML page
 * with one script tag and one div, as a Shopify or WooCommerce theme would carry it.
 */
describe.skipIf(browserSkipReason() !== null)('the delivery promise widget on a storefront', () => {
  let stack: TestStack;
  let storefront: Server;
  let storefrontUrl = '';
  let browser: Browser;

  beforeAll(async () => {
    // Monday 7 December 2026, 10:00 in India.
    stack = await startTestStack({ clock: new ManualClock(new Date('2026-12-07T10:00:00+05:30')) });
    const page = (
      lang: string,
      cod: string,
    ) => `<!doctype html><html><head><meta charset="utf-8"><title>Avakaya pickle</title></head>
      <body><h1>Andhra Avakaya Mango Pickle</h1><p>Rs 349</p>
      <div data-delivery-promise data-lang="${lang}" data-cod="${cod}"></div>
      <script src="${stack.url}/widget/promise.js" async></script></body></html>`;
    storefront = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://storefront');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(url.searchParams.get('lang') ?? 'en', url.searchParams.get('cod') ?? '0'));
    });
    await new Promise<void>((resolve) => storefront.listen(0, '127.0.0.1', resolve));
    // localhost vs 127.0.0.1: a different origin from the API's.
    storefrontUrl = `http://localhost:${(storefront.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => storefront?.close(resolve));
    await stack?.close();
  });

  it('turns the div into a pincode box that shows the date, remembers the pincode, and explains a miss', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${storefrontUrl}/product`);
    const box = page.getByLabel('Check delivery date');
    await box.fill('302001');
    await page.getByRole('button', { name: 'Check' }).click();
    // Monday before the cut-off + 6 days (Jaipur from Hyderabad, rest of India) = Sunday -> Monday.
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Delivery by Mon, 14 Dec (usually 4-6 days)');
    await screenshot(page, 'promise-widget-phone');

    await box.fill('908056');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('We do not deliver to 908056 yet.');
    await box.fill('12345');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Enter a 6-digit pincode.');

    // The last good pincode asked is kept on the device: the next page answers at once.
    await page.reload();
    await expect.poll(() => page.getByLabel('Check delivery date').inputValue()).toBe('908056');
    await context.close();
  });

  it('speaks Hindi and asks about cash on delivery when the store says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${storefrontUrl}/product?lang=hi&cod=1`);
    await page.getByLabel('डिलीवरी की तारीख देखें').fill('560099');
    await page.getByRole('button', { name: 'देखें' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('560099 पर कैश ऑन डिलीवरी उपलब्ध नहीं है।');
    await page.getByLabel('डिलीवरी की तारीख देखें').fill('302001');
    await page.getByRole('button', { name: 'देखें' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^सोम, 14 दिस॰ तक डिलीवरी/);
    await context.close();
  });
});
