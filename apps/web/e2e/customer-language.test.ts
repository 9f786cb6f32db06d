import { listMessagesForOrder } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { startStackWithProviders, waitFor, type TestStack } from '@app/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { bookThroughApi, trackingPathFromMessages } from './fixtures';
import { openPhone, openPhoneWithoutJavaScript } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/**
 * The customer's language on the two pages a customer opens from a message (DESIGN "Language"):
 * the tracking page and the COD confirmation page, in Hindi and English, with JavaScript on and
 * off; the English/हिन्दी switch is a plain link, and `<html lang>` says which language is shown.
 */
describe.skipIf(skipReason !== null)('the customer’s language on the pages', () => {
  let stack: TestStack;
  let browser: Browser;
  let key = '';
  const tracking: Record<'hi' | 'en', string> = { hi: '', en: '' };

  async function shippedOrder(language: 'hi' | 'en', name: string) {
    const customer = await insertCustomer(stack.database.db, { name, language, whatsapp_opt_in: false });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
      payment_method: 'prepaid',
      ship_name: name,
    });
    await bookThroughApi(stack, order.id);
    return trackingPathFromMessages(stack, order.id);
  }

  /** A COD order through the Orders API, for a customer in `language`; the path in its confirmation email. */
  async function confirmPath(language: 'hi' | 'en', n: number): Promise<string> {
    const response = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `lang-${n}` },
      body: JSON.stringify({
        externalId: `LANG-${n}`,
        orderNumber: `#L${n}`,
        paymentMethod: 'cod',
        customer: {
          name: 'Sunita Verma',
          phone: `98111${String(20000 + n)}`,
          email: `sunita${n}@example.com`,
          language,
        },
        shippingAddress: { line1: '14, 2nd Cross, Indiranagar', city: 'Bengaluru', state: 'KA', pincode: '560038' },
        items: [{ sku: 'PKL-1', name: 'Mango Pickle', quantity: 2, unitPrice: '349.00', weight: '500g' }],
        shippingCharge: '49.00',
      }),
    });
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: { id: string } };
    return waitFor(
      async () => {
        for (const m of await listMessagesForOrder(stack.database.db, order.id)) {
          const link = /\/confirm-order\/[^\s?"'<>]+\?t=[\w.-]+/.exec(m.body)?.[0];
          if (link) return link;
        }
        return undefined;
      },
      { what: 'the confirmation email' },
    );
  }

  const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startStackWithProviders({ webDist: WEB_DIST, env: { COD_CONFIRMATION: 'all' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
    tracking.hi = await shippedOrder('hi', 'Ravi Kumar');
    tracking.en = await shippedOrder('en', 'Meera Iyer');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  for (const javaScript of [true, false]) {
    const open = javaScript ? openPhone : openPhoneWithoutJavaScript;
    const label = javaScript ? 'with JavaScript' : 'with JavaScript off';

    it(`tracking, ${label}: a Hindi customer's page is in Hindi; the switch shows it in English and back`, async () => {
      const phone = await open(browser);
      await phone.goto(`${stack.url}${tracking.hi}`);
      await phone.getByRole('heading', { name: 'अब तक क्या हुआ' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi-IN');
      expect(await phone.locator('#status-title').innerText()).toBe('भेज दिया गया');
      expect(await phone.locator('.hero').innerText()).toContain('आपका पार्सल रास्ते में है।');
      expect(await phone.locator('.hero').innerText()).toMatch(/\S+, \d{1,2} \S+ तक पहुँच जाएगा/);
      expect(await phone.getByRole('heading', { name: 'पार्सल की जानकारी' }).count()).toBe(1);
      expect(await phone.locator('body').innerText()).not.toMatch(/Shipment|History|Arriving by/);
      expect(await phone.title()).toMatch(/^ऑर्डर /);
      if (javaScript) await screenshot(phone, 'tracking-hindi-mobile', { fullPage: true });

      await phone.getByRole('link', { name: 'English' }).click();
      await phone.getByRole('heading', { name: 'History' }).waitFor();
      expect(await htmlLang(phone)).toBe('en-IN');
      expect(await phone.locator('#status-title').innerText()).toBe('Shipped');
      expect(await phone.locator('.hero').innerText()).toContain('Arriving by');

      await phone.getByRole('link', { name: 'हिन्दी' }).click();
      await phone.getByRole('heading', { name: 'अब तक क्या हुआ' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi-IN');
    });

    it(`tracking, ${label}: an English customer's page is in English, and Hindi on request`, async () => {
      const phone = await open(browser);
      await phone.goto(`${stack.url}${tracking.en}`);
      await phone.getByRole('heading', { name: 'History' }).waitFor();
      expect(await htmlLang(phone)).toBe('en-IN');
      await phone.getByRole('link', { name: 'हिन्दी' }).click();
      await phone.getByRole('heading', { name: 'अब तक क्या हुआ' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi-IN');
      // Without the link's token the page asks for the phone's digits, in the language chosen.
      await phone.goto(`${stack.url}${tracking.en.split('?')[0] ?? ''}?lang=hi`);
      await phone.getByRole('button', { name: 'मेरा ऑर्डर दिखाएँ' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi-IN');
    });
  }

  let n = 0;
  for (const javaScript of [true, false]) {
    const open = javaScript ? openPhone : openPhoneWithoutJavaScript;
    const label = javaScript ? 'with JavaScript' : 'with JavaScript off';

    it(`confirmation, ${label}: a Hindi customer confirms in Hindi; a refused pincode is explained in Hindi`, async () => {
      const path = await confirmPath('hi', ++n + (javaScript ? 0 : 100));
      const phone = await open(browser);
      await phone.goto(`${stack.url}${path}`);
      await phone.getByRole('heading', { name: /^आपका ऑर्डर #L/ }).waitFor();
      expect(await htmlLang(phone)).toBe('hi');
      expect(await phone.locator('main').innerText()).toMatch(/पार्सल मिलने पर आपको ₹[\d,]+\.\d\d देने होंगे/);
      if (javaScript) await screenshot(phone, 'confirm-hindi-mobile', { fullPage: true });

      await phone.getByLabel('पिनकोड').fill('12');
      await phone.getByRole('button', { name: 'पता सेव करें' }).click();
      await phone.getByText('पिनकोड 6 अंकों का होता है, जैसे 560038।').waitFor();
      expect(await htmlLang(phone)).toBe('hi');

      await phone.getByRole('button', { name: 'ऑर्डर कन्फ़र्म करें' }).click();
      await phone.getByText('धन्यवाद, आपका ऑर्डर कन्फ़र्म हो गया है।').waitFor();
      expect(await htmlLang(phone)).toBe('hi');
    });

    it(`confirmation, ${label}: an English customer's page is in English; the switch shows it in Hindi`, async () => {
      const path = await confirmPath('en', ++n + (javaScript ? 200 : 300));
      const phone = await open(browser);
      await phone.goto(`${stack.url}${path}`);
      await phone.getByRole('button', { name: 'Confirm order' }).waitFor();
      expect(await htmlLang(phone)).toBe('en');
      await phone.getByRole('link', { name: 'हिन्दी' }).click();
      await phone.getByRole('button', { name: 'ऑर्डर कन्फ़र्म करें' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi');
      await phone.getByRole('button', { name: 'ऑर्डर कैंसल करें' }).click();
      await phone.getByRole('status').filter({ hasText: 'आपका ऑर्डर कैंसल कर दिया गया है।' }).waitFor();
      expect(await htmlLang(phone)).toBe('hi');
    });
  }
});
