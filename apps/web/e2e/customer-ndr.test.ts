import { startStackWithProviders, waitFor, type TestStack } from '@app/api/testing';
import type { TestSmtpServer } from '@app/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { insertOrder } from '@app/db/testing';
import { bookThroughApi, seedStore, trackingPathFromMessages } from './fixtures';
import { openPhone, openPhoneWithoutJavaScript, signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

const BRAND = '#0f766e';

/**
 * The customer's side after a failed delivery, on a phone: the branded, server-rendered page, the
 * NDR answer end to end (sandbox NDR push -> answer on the page -> note in the admin, email to the
 * team at the SMTP server), and the same page with JavaScript off.
 */
describe.skipIf(skipReason !== null)('the customer answers a failed delivery', () => {
  let stack: TestStack & { smtp: TestSmtpServer };
  let browser: Browser;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;
  const paths: Record<string, string> = {};

  async function failDelivery(orderId: string, type: string) {
    await bookThroughApi(stack, orderId);
    paths[orderId] = await trackingPathFromMessages(stack, orderId);
    await stack.adminCaller.sandbox.advance({ orderId });
    await stack.adminCaller.sandbox.raiseNdr({ orderId, type });
    await waitFor(async () => (await stack.adminCaller.orders.get({ orderId })).notes.some((n) => n.kind === 'ndr'), {
      what: 'the NDR note',
    });
  }

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startStackWithProviders({ webDist: WEB_DIST, env: { EMAIL_FEEDBACK_TO: 'ops@store.example' } });
    await stack.adminCaller.settings.branding.update({
      storeName: 'Kaveri Foods',
      // Logos are https only (issue 23); the browser need not reach it for the page to name it.
      logoUrl: 'https://cdn.kaveri.example/logo.svg',
      brandColor: BRAND,
      supportPhone: '+91 80 4567 8900',
      supportEmail: 'help@kaveri.example',
      storeUrl: '',
    });
    fixtures = await seedStore(stack.database.db);
    await failDelivery(fixtures.main.id, 'REATTEMPT-CONTACT');
    await failDelivery(fixtures.prepaid.id, 'REATTEMPT-OUTOFSTN');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the page wears the store’s name, logo and colour, and gives the support contacts', async () => {
    const phone = await openPhone(browser);
    await phone.goto(`${stack.url}${paths[fixtures.main.id]}`);
    await phone.getByRole('heading', { name: 'Tell us how to deliver' }).waitFor();
    expect(await phone.title()).toBe('Order FB-10231 · Kaveri Foods');
    expect(await phone.locator('header .topbar-title').innerText()).toBe('Kaveri Foods');
    expect(await phone.locator('header img.logo-img').getAttribute('src')).toBe('https://cdn.kaveri.example/logo.svg');
    const button = phone.getByRole('button', { name: 'Send my answer' });
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(15, 118, 110)');
    expect(await phone.getByRole('link', { name: /\+91 80 4567 8900/ }).getAttribute('href')).toBe('tel:+918045678900');
    await screenshot(phone, 'tracking-branded-ndr-mobile', { fullPage: true });

    // Where the admin set it.
    const admin = await signIn(browser, stack, '/admin/settings/branding');
    await admin.getByRole('heading', { name: 'Branding' }).waitFor();
    expect(await admin.getByLabel('Store name').inputValue()).toBe('Kaveri Foods');
    expect(await admin.getByLabel('Brand colour').inputValue()).toBe(BRAND);
    await screenshot(admin, 'admin-branding');
  });

  it('answering on the page reaches the admin as a note and an email, and the customer is told the store passes it on', async () => {
    const phone = await openPhone(browser);
    await phone.goto(`${stack.url}${paths[fixtures.main.id]}`);
    const form = phone.locator('form[data-ndr-form]');
    await form.waitFor();
    // The script shows only the fields of the chosen answer.
    await phone.getByLabel('Cancel my order').check();
    expect(await phone.getByLabel('Landmark', { exact: true }).isVisible()).toBe(false);
    await phone.getByLabel('Deliver again on a day I choose').check();
    expect(await phone.getByLabel('Landmark', { exact: true }).isVisible()).toBe(true);
    const days = await phone.getByLabel('Delivery day').locator('option').allInnerTexts();
    expect(days).toHaveLength(4); // "Choose a day" and the courier's three days
    await phone.getByLabel('Delivery day').selectOption({ index: 2 });
    await phone.getByLabel('Landmark', { exact: true }).fill('Opposite the Ganesh temple');
    await phone.getByLabel('Another phone the courier can call').fill('91234 56789');
    await phone.getByRole('button', { name: 'Send my answer' }).click();
    await phone.getByText('Thank you. We have your answer. The store will pass it to the courier.').waitFor();
    const text = await phone.locator('main').innerText();
    expect(text).toContain('Opposite the Ganesh temple');
    expect(text).toContain('******6789');
    expect(text).not.toContain('9123456789');
    await screenshot(phone, 'tracking-ndr-answered-mobile');

    const mail = await waitFor(
      () => stack.smtp.received.find((m) => m.to === 'ops@store.example' && m.subject.includes('answered')),
      { what: 'the admin email with the answer' },
    );
    // The body is quoted-printable: join its soft line breaks before reading it.
    const body = mail.raw.replace(/=\r?\n/g, '');
    expect(body).toContain('Opposite the Ganesh temple');
    expect(body).toContain('Re-attempt');

    const admin = await signIn(browser, stack, `/admin?status=ndr`);
    const row = admin.locator('tr[data-order="FB-10231"]');
    await row.getByText('Customer answered').waitFor();
    await screenshot(admin, 'admin-ndr-tab');
    await row.getByRole('button', { name: 'View order FB-10231' }).click();
    await admin.getByText(/Customer answered the failed delivery \(REATTEMPT-CONTACT\) on the tracking page/).waitFor();
  });

  it('with JavaScript off the page is whole, and the answer is a plain form post that comes back', async () => {
    const phone = await openPhoneWithoutJavaScript(browser);
    const scripts: string[] = [];
    phone.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    // No link: the phone-digits form is a plain POST too.
    await phone.goto(`${stack.url}/order-tracking/FB-10230`);
    const prepaid = await stack.adminCaller.orders.get({ orderId: fixtures.prepaid.id });
    await phone.getByLabel('Last 4 digits of your phone').fill(prepaid.order.contactPhone.slice(-4));
    await phone.getByRole('button', { name: 'Show my order' }).click();
    await phone.getByRole('heading', { name: 'Tell us how to deliver' }).waitFor();
    expect(await phone.locator('.stepper li').count()).toBe(4);
    expect(await phone.getByTestId('awb').innerText()).toBe(String(prepaid.shipment?.awb));
    // Prepaid: nothing to cancel. Every field is visible without the script.
    expect(await phone.getByLabel('Cancel my order').count()).toBe(0);
    expect(await phone.getByLabel('Corrected address line').isVisible()).toBe(true);
    await screenshot(phone, 'tracking-ndr-nojs-mobile', { fullPage: true });

    await phone.getByLabel('Add a landmark or fix my address').check();
    await phone.getByLabel('Corrected address line').fill('Flat 4B, Lake View Apartments');
    await phone.getByRole('button', { name: 'Send my answer' }).click();
    await phone.getByText('Thank you. We have your answer. The store will pass it to the courier.').waitFor();
    expect(await phone.locator('main').innerText()).toContain('Flat 4B, Lake View Apartments');
    expect(scripts).toEqual([]);
    const detail = await stack.adminCaller.orders.get({ orderId: fixtures.prepaid.id });
    expect(detail.notes.some((n) => n.kind === 'ndr_response' && n.body.includes('Lake View'))).toBe(true);
  });
  it('after "Cancel my order" the page says what the customer asked for, and that the store passes it on', async () => {
    const order = await insertOrder(stack.database.db, {
      order_number: 'FB-10240',
      status: 'processing',
      payment_method: 'cod',
      ship_city: 'Bengaluru',
      ship_state: 'Karnataka',
      ship_pincode: '560038',
    });
    await bookThroughApi(stack, order.id);
    const path = await trackingPathFromMessages(stack, order.id);
    await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 26 });
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: order.id })).order.status === 'out_for_delivery',
      {
        what: 'out for delivery',
      },
    );
    // (The code as iCarry's document prints it, with a control character where the line wrapped, is
    // read by the push tests; the admin's sandbox control takes text under the text rule.)
    await stack.adminCaller.sandbox.raiseNdr({ orderId: order.id, type: 'REATTEMPT-CUST-REFUSED' });
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: order.id })).notes.some((n) => n.kind === 'ndr'),
      {
        what: 'the NDR note',
      },
    );

    const phone = await openPhone(browser);
    await phone.goto(`${stack.url}${path}`);
    await phone.getByRole('heading', { name: 'Tell us how to deliver' }).waitFor();
    const hero = phone.locator('.hero');
    expect(await hero.innerText()).not.toMatch(/keep your phone close/i);
    await phone.getByLabel('Cancel my order').check();
    await phone.getByRole('button', { name: 'Send my answer' }).click();
    await phone.getByText('Thank you. We have your answer. The store will pass it to the courier.').waitFor();

    expect(await phone.getByRole('heading', { level: 1 }).innerText()).toBe('Cancellation requested');
    const heroText = await hero.innerText();
    expect(heroText).toContain('You asked us to cancel this order.');
    expect(heroText).not.toMatch(/out for delivery today|keep your phone close|we will try again/i);
    const page = await phone.locator('main').innerText();
    expect(page).not.toMatch(/passed this to the courier/i);
    expect(Array.from(page, (c) => c.charCodeAt(0)).filter((code) => code < 32 && code !== 10 && code !== 9)).toEqual(
      [],
    );
    await screenshot(phone, 'tracking-ndr-cancel-requested-mobile');

    // The admin is asked for the step the customer was told about.
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.attentionReason).toMatch(/^Pass it to iCarry/);
    expect(detail.notes.find((n) => n.kind === 'ndr')?.body).toContain('REATTEMPT-CUST-REFUSED');
  });
});
