import { startTestStack, type TestStack } from '@app/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { bookThroughApi, seedStore, shipmentsOf, trackingPathFromMessages } from './fixtures';
import { openPhone, signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/**
 * Shipping from Order Details and what follows. Each test signs in on its own page and works on its
 * own order, booking it through the API first when the test is about what comes after booking.
 */
describe.skipIf(skipReason !== null)('admin ships an order and follows it', () => {
  let stack: TestStack;
  let browser: Browser;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    fixtures = await seedStore(stack.database.db);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('Processing > View > Ship with iCarry books once and shows the AWB', async () => {
    const page = await signIn(browser, stack);
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
    onTestFinished(() => void stack.runtime.sandbox?.control.setFaults([]));
    // Records, in the page, whether the button was ever disabled while it said it was booking: on a
    // busy machine the booking may finish before a poll from here would look.
    await dialog.locator('.btn-ship').evaluate((button) => {
      new MutationObserver(() => {
        if (button.hasAttribute('disabled') && button.textContent?.includes('Booking with iCarry'))
          document.body.dataset.sawBookingLock = 'yes';
      }).observe(button, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    await ship.click();
    // A second click while booking does nothing: the button is disabled at once.
    await dialog
      .locator('.btn-ship')
      .click({ force: true, timeout: 1000 })
      .catch(() => undefined);
    await expect.poll(() => page.evaluate(() => document.body.dataset.sawBookingLock)).toBe('yes');

    const awb = dialog.getByTestId('awb');
    await awb.waitFor({ timeout: 20_000 });
    const awbText = (await awb.innerText()).trim();
    expect(awbText.length).toBeGreaterThan(5);
    expect((await dialog.getByTestId('courier').innerText()).trim().length).toBeGreaterThan(2);
    await dialog.getByText('Booked with iCarry').waitFor();
    await dialog.getByRole('link', { name: /Customer tracking page/ }).waitFor();
    // Booked and not picked up: the server offers Cancel.
    await dialog.getByRole('button', { name: 'Cancel shipment' }).waitFor();
    expect(await shipmentsOf(stack, fixtures.main.id)).toEqual([{ bookingState: 'booked', awb: awbText }]);
    await screenshot(page, 'admin-order-details-after-shipping');
    expect(await trackingPathFromMessages(stack, fixtures.main.id)).toMatch(/^\/order-tracking\/FB-10231\?t=/);
  });

  it('sandbox buttons and webhooks move the order to Out for Delivery, an NDR note, then Delivered', async () => {
    const order = fixtures.prepaid;
    await bookThroughApi(stack, order.id);
    const trackingPath = await trackingPathFromMessages(stack, order.id);
    const page = await signIn(browser, stack, `/admin/orders/${order.id}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('awb').waitFor();

    await dialog.getByRole('button', { name: 'Advance status' }).click();
    await dialog.getByText('Status advanced').waitFor();
    await dialog.locator('#history-title').waitFor();
    await dialog.locator('.inbox-entry').first().waitFor({ timeout: 15_000 });

    await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 26 });
    await dialog
      .getByRole('heading', { name: new RegExp(order.order_number) })
      .getByText('Out for Delivery')
      .waitFor({ timeout: 15_000 });

    await dialog.getByRole('button', { name: 'Raise NDR' }).click();
    await dialog.locator('.note-ndr').first().waitFor({ timeout: 15_000 });

    // The customer sees the failed attempt honestly while the parcel is still out.
    const phone = await openPhone(browser);
    await phone.goto(`${stack.url}${trackingPath}`);
    await phone.getByText('Delivery attempt failed').first().waitFor();
    await screenshot(phone, 'tracking-failed-attempt-mobile', { fullPage: true });

    await dialog.getByLabel('Courier-measured weight (g)').fill('1900');
    await dialog.getByRole('button', { name: 'Report weight' }).click();
    await dialog.getByText('Weight discrepancy reported by the courier').waitFor({ timeout: 15_000 });

    await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 21 });
    await dialog
      .getByRole('heading', { name: new RegExp(order.order_number) })
      .getByText('Delivered')
      .waitFor({ timeout: 15_000 });
    // Picked up long ago: the server no longer offers Cancel.
    expect(await dialog.getByRole('button', { name: 'Cancel shipment' }).count()).toBe(0);
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
    const page = await signIn(browser, stack);
    await page.getByRole('button', { name: 'View order FB-10227' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('We don’t know whether iCarry booked this parcel').waitFor();
    await dialog.getByText('FB-10227-1').waitFor();
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
    const states = (await shipmentsOf(stack, fixtures.unknownBooking.id)).map((s) => s.bookingState);
    expect(states).toEqual(['void', 'cancelled']);
  });
});
