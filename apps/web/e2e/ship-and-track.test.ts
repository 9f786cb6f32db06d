import { startTestStack, waitFor, type TestStack } from '@app/api/testing';
import { insertOrder } from '@app/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { seedStore } from './fixtures';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('admin ships an order, the customer tracks it', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;
  let trackingPath = '';

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    fixtures = await seedStore(stack.database.db);
    admin = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    page = await admin.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in and lists Processing orders first, with counts', async () => {
    await page.goto(`${stack.url}/admin`);
    await page.getByRole('heading', { name: 'Sign in to Shipping' }).waitFor();
    await screenshot(page, 'admin-sign-in');
    await page.getByLabel('Email').fill(stack.adminCredentials.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await page.getByLabel('Password').fill(stack.adminCredentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    const processingTab = page.getByRole('button', { name: /^Processing\s*5$/ });
    await processingTab.waitFor();
    expect(await processingTab.getAttribute('aria-current')).toBe('page');
    const row = page.locator('tr[data-order="FB-10231"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('₹946');
    expect(await row.innerText()).toContain('COD');
    expect(await page.locator('tbody tr').count()).toBe(5);
    await expect.poll(() => page.locator('tr[data-order="FB-10229"] [aria-label="Needs attention"]').count()).toBe(1);
    await screenshot(page, 'admin-orders');

    await page.getByLabel('Search orders').fill('Rohan');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Search orders').fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
  });

  it('says why an order cannot ship and when a weight is a guess', async () => {
    await page.getByRole('button', { name: 'View order FB-10228' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Not serviceable').waitFor();
    expect(await dialog.getByRole('button', { name: 'Ship with iCarry' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'View order FB-10229' }).click();
    await dialog.getByText('Weight is a guess: 0.5 kg fallback').waitFor();
    await dialog.getByText('Customer asked to deliver after 6 pm.').waitFor();
    await dialog.getByRole('button', { name: 'Close order details' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('Processing > View > Ship with iCarry books once and shows the AWB', async () => {
    await page.getByRole('button', { name: 'View order FB-10231' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /FB-10231/ }).waitFor();
    await dialog.getByText('Serviceable, COD available').waitFor();
    // Couriers with prices, the cheapest chosen.
    const checked = dialog.locator('.courier-list input:checked');
    await checked.waitFor();
    expect(await dialog.locator('.courier-list li').first().locator('input').isChecked()).toBe(true);
    await dialog.locator('.parcel-weight').waitFor();
    await screenshot(page, 'admin-order-details-before-shipping');

    const ship = dialog.getByRole('button', { name: 'Ship with iCarry' });
    // iCarry takes a moment to book (as it does live), so the in-flight state can be seen.
    stack.runtime.sandbox?.control.setFaults([{ kind: 'latency', endpoint: 'book', ms: 1500 }]);
    await ship.click();
    // A second click while booking does nothing: the button is disabled at once.
    await expect.poll(() => dialog.locator('.btn-ship').isDisabled()).toBe(true);
    await dialog
      .locator('.btn-ship')
      .click({ force: true, timeout: 1000 })
      .catch(() => undefined);

    const awb = dialog.getByTestId('awb');
    await awb.waitFor({ timeout: 20_000 });
    const awbText = (await awb.innerText()).trim();
    expect(awbText.length).toBeGreaterThan(5);
    expect((await dialog.getByTestId('courier').innerText()).trim().length).toBeGreaterThan(2);
    await dialog.getByRole('link', { name: /Customer tracking page/ }).waitFor();

    const shipments = await stack.database.db
      .selectFrom('shipments')
      .select(['awb', 'booking_state'])
      .where('order_id', '=', fixtures.main.id)
      .execute();
    expect(shipments).toEqual([{ awb: awbText, booking_state: 'booked' }]);
    await screenshot(page, 'admin-order-details-after-shipping');

    const message = await waitFor(
      () =>
        stack.database.db
          .selectFrom('messages')
          .select('body')
          .where('order_id', '=', fixtures.main.id)
          .where('body', 'like', '%/order-tracking/%')
          .executeTakeFirst(),
      { what: 'the shipped message with the tracking link' },
    );
    const link = /\/order-tracking\/[^\s?"'<>]+\?t=[\w-]+/.exec(message.body)?.[0];
    expect(link).toBeDefined();
    trackingPath = link ?? '';
  });

  it('sandbox buttons and webhooks move the order to Out for Delivery, an NDR note, then Delivered', async () => {
    const dialog = page.getByRole('dialog');
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('the test stack runs in sandbox mode');
    const shipment = await stack.database.db
      .selectFrom('shipments')
      .select('provider_shipment_id')
      .where('order_id', '=', fixtures.main.id)
      .executeTakeFirstOrThrow();
    const providerId = String(shipment.provider_shipment_id);

    await dialog.getByRole('button', { name: 'Advance status' }).click();
    await dialog.getByText('Status advanced').waitFor();
    await dialog.locator('#history-title').waitFor();
    await dialog.locator('.inbox-entry').first().waitFor({ timeout: 15_000 });

    await sandbox.control.setStatus(providerId, 26);
    await dialog
      .getByRole('heading', { name: /FB-10231/ })
      .getByText('Out for Delivery')
      .waitFor({ timeout: 15_000 });

    await dialog.getByRole('button', { name: 'Raise NDR' }).click();
    await dialog.locator('.note-ndr').first().waitFor({ timeout: 15_000 });

    // The customer sees the failed attempt honestly while the parcel is still out.
    const customer = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    const phone = await customer.newPage();
    await phone.goto(`${stack.url}${trackingPath}`);
    await phone.getByText('Delivery attempt failed').first().waitFor();
    await screenshot(phone, 'tracking-failed-attempt-mobile', { fullPage: true });
    await customer.close();

    await dialog.getByLabel('Courier-measured weight (g)').fill('1900');
    await dialog.getByRole('button', { name: 'Report weight' }).click();
    await dialog.getByText('Weight discrepancy reported by the courier').waitFor({ timeout: 15_000 });

    await sandbox.control.setStatus(providerId, 21);
    await dialog
      .getByRole('heading', { name: /FB-10231/ })
      .getByText('Delivered')
      .waitFor({ timeout: 15_000 });
    await dialog.locator('.message').first().waitFor();
    await dialog
      .getByRole('heading', { name: 'Status history' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-order-details-delivered');
    await dialog.getByRole('heading', { name: 'Notes' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-order-details-notes-messages');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Delivered\s*3$/ }).waitFor({ timeout: 20_000 });
  });

  it('a booking whose outcome is unknown is resolved, shipped again and cancelled before pickup', async () => {
    await page.getByRole('button', { name: 'Processing' }).click();
    await page.getByRole('button', { name: 'View order FB-10227' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('We don’t know whether iCarry booked this parcel').waitFor();
    expect(await dialog.getByRole('button', { name: 'Ship with iCarry' }).count()).toBe(0);
    await screenshot(page, 'admin-booking-outcome-unknown');

    await dialog.getByLabel(/Nothing was booked/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Last booking was voided').waitFor();
    await dialog.locator('.courier-list input:checked').waitFor();
    await dialog.getByRole('button', { name: 'Ship with iCarry' }).click();
    await dialog.getByTestId('awb').waitFor({ timeout: 20_000 });

    await dialog.getByRole('button', { name: 'Cancel shipment' }).click();
    await dialog.getByLabel('Reason (optional)').fill('Customer changed the address');
    await dialog.locator('.confirm-box').getByRole('button', { name: 'Cancel shipment' }).click();
    await dialog.getByText('Last shipment was cancelled').waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Ship with iCarry' }).waitFor();
    const states = await stack.database.db
      .selectFrom('shipments')
      .select('booking_state')
      .where('order_id', '=', fixtures.unknownBooking.id)
      .orderBy('id')
      .execute();
    expect(states.map((s) => s.booking_state)).toEqual(['void', 'cancelled']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('an admin overrides a status with a written reason and adds a note', async () => {
    await page.getByRole('button', { name: /^Shipped\s*\d+$/ }).click();
    await page.getByRole('button', { name: 'View order FB-10226' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Change status manually').click();
    await dialog.getByLabel('New status').selectOption('delivered');
    await dialog.getByLabel('Reason').fill('ok');
    await dialog.getByRole('button', { name: 'Change status' }).click();
    await dialog.getByText('Write why (at least 5 characters)').waitFor();
    await dialog.getByLabel('Reason').fill('Customer confirmed delivery on the phone');
    await dialog.getByRole('button', { name: 'Change status' }).click();
    await dialog
      .getByRole('heading', { name: /FB-10226/ })
      .getByText('Delivered')
      .waitFor();
    await dialog.getByText('by an admin: Customer confirmed delivery on the phone').waitFor();

    await dialog.getByLabel('Add a note').fill('Called the customer, all good.');
    await dialog.getByRole('button', { name: 'Add note' }).click();
    await dialog.locator('.note-note').getByText('Called the customer, all good.').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('pages through a long list with Next and Previous', async () => {
    for (let i = 0; i < 27; i++)
      await insertOrder(stack.database.db, { status: 'returned', order_number: `FB-2${String(i).padStart(4, '0')}` });
    await page.getByRole('button', { name: /^Returned\s*\d+$/ }).click();
    await page.getByRole('button', { name: /^Returned\s*27$/ }).waitFor();
    await expect.poll(() => page.locator('tbody tr[data-order]').count()).toBe(25);
    const firstPage = await page.locator('tbody tr[data-order]').first().getAttribute('data-order');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('tbody tr[data-order]').count()).toBe(2);
    await page.getByText('Page 2').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.locator('tbody tr[data-order]').first().getAttribute('data-order')).toBe(firstPage);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
  });

  it('the link in the message shows Delivered with the history, and loads no admin code', async () => {
    const customer = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    const phone = await customer.newPage();
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
    const awb = await stack.database.db
      .selectFrom('shipments')
      .select('awb')
      .where('order_id', '=', fixtures.main.id)
      .executeTakeFirstOrThrow();
    expect(text).toContain(String(awb.awb));
    // Masked: no full name, street or phone number.
    expect(text).not.toContain('Asha Raman');
    expect(text).not.toContain('Indiranagar');
    expect(text).not.toContain('9876543210');
    expect(await phone.locator('.history li').count()).toBeGreaterThanOrEqual(3);
    expect(scripts.some((s) => s.includes('/assets/admin-'))).toBe(false);
    expect(scripts.length).toBeGreaterThan(0);
    await screenshot(phone, 'tracking-delivered-mobile', { fullPage: true });
    await customer.close();
  });

  it('without the link, a wrong phone digit shows nothing private; the right one shows the order', async () => {
    const customer = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-IN',
    });
    const phone = await customer.newPage();
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
    await customer.close();
  });
});
