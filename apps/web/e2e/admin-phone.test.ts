import { startTestStack, waitFor, type TestStack } from '@app/api/testing';
import { insertOrder, insertProduct } from '@app/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { bookThroughApi, seedStore, waitForOrderStatus } from './fixtures';
import { measureOverflow } from './overflow';
import { signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/** Nothing on the page runs off the sides of the phone. */
async function expectFitsTheScreen(page: Page): Promise<void> {
  const overflow = await measureOverflow(page);
  expect(overflow.sticking).toEqual([]);
  expect(overflow.pageScrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
}

/**
 * A store owner on a phone (390x844): the menu, Orders with its tabs and search, Order Details with
 * Ship with iCarry and Print label, bulk ship with its progress, the NDR tab and Products.
 */
describe.skipIf(skipReason !== null)('the admin on a phone', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST, env: { BULK_SHIP_CONCURRENCY: '1' } });
    await seedStore(stack.database.db);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the Menu button opens every section; choosing one goes there and closes it, Escape closes it', async () => {
    const page = await signIn(browser, stack, '/admin', 'phone');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await nav.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const links = await nav.getByRole('link').allInnerTexts();
    for (const name of [
      'Orders',
      'Pickup',
      'Import',
      'Products',
      'Billing',
      'API keys',
      'Setup',
      'Branding',
      'Account',
    ])
      expect(links).toContain(name);
    // Every link is on the screen and big enough for a thumb.
    for (const link of await nav.getByRole('link').all()) {
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
      expect(box?.height).toBeGreaterThanOrEqual(40);
    }
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-menu');

    await nav.getByRole('link', { name: 'Setup' }).click();
    await page.getByRole('heading', { name: 'Setup', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    await nav.waitFor({ state: 'hidden' });

    await menu.click();
    await nav.waitFor();
    expect(await nav.getByRole('link', { name: 'Setup' }).getAttribute('aria-current')).toBe('page');
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    await menu.click();
    await nav.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
  });

  it('Orders: every tab is on the screen, a tab and a search narrow the list, each order a card that fits', async () => {
    const page = await signIn(browser, stack, '/admin', 'phone');
    const tabs = page.getByRole('navigation', { name: 'Filter by status' });
    await page.locator('tr[data-order="FB-10231"]').waitFor();
    for (const tab of await tabs.getByRole('button').all()) {
      const box = await tab.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    await tabs.getByRole('button', { name: /^All\s*\d+$/ }).waitFor();
    // A card shows the number, the customer, the total and View without scrolling sideways.
    const card = page.locator('tr[data-order="FB-10231"]');
    const text = await card.innerText();
    for (const part of ['FB-10231', 'Asha Raman', '₹946', 'COD']) expect(text).toContain(part);
    const view = card.getByRole('button', { name: 'View order FB-10231' });
    const box = await view.boundingBox();
    expect(box && box.x + box.width <= 390).toBe(true);
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-orders');

    await tabs.getByRole('button', { name: /^Shipped\s*\d+$/ }).click();
    await page.locator('tr[data-order="FB-10226"]').waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('shipped');
    await tabs.getByRole('button', { name: /^All\s*\d+$/ }).click();
    await page.getByLabel('Search orders').fill('Rohan');
    await expect.poll(() => page.locator('tbody tr[data-order]').count()).toBe(1);
    await page.locator('tr[data-order="FB-10230"]').waitFor();
    await expectFitsTheScreen(page);
  });

  it('Order Details: Ship with iCarry books the order and Print label opens its PDF', async () => {
    const page = await signIn(browser, stack, '/admin', 'phone');
    await page.getByRole('button', { name: 'View order FB-10231' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /FB-10231/ }).waitFor();
    await dialog.locator('.courier-list input:checked').waitFor();
    const ship = dialog.getByRole('button', { name: 'Ship with iCarry' });
    // The main action is near the top of the phone's screen, not below the items.
    const shipBox = await ship.boundingBox();
    expect(shipBox && shipBox.y + shipBox.height <= 844 * 2).toBe(true);
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-order-details');

    await ship.click();
    await dialog.getByTestId('awb').waitFor({ timeout: 20_000 });
    const print = dialog.getByRole('button', { name: 'Print label' });
    await print.scrollIntoViewIfNeeded();
    const pdfs: string[] = [];
    await page.context().route('**/api/labels.pdf*', async (route) => {
      const response = await route.fetch();
      pdfs.push(`${response.status()} ${(await response.body()).subarray(0, 5).toString('latin1')}`);
      await route.fulfill({ response });
    });
    const [tab] = await Promise.all([page.waitForEvent('popup'), print.click()]);
    onTestFinished(() => tab.close());
    await waitFor(() => pdfs[0], { what: 'the label PDF' });
    expect(pdfs).toEqual(['200 %PDF-']);
    await dialog
      .getByTestId('label-printed')
      .getByText(/^Label printed /)
      .waitFor();
    await expectFitsTheScreen(page);
  });

  it('bulk ship: ticks two orders, reviews them, and the progress bar runs to Done', async () => {
    const page = await signIn(browser, stack, '/admin', 'phone');
    for (const number of ['FB-10230', 'FB-10229'])
      await page.getByRole('checkbox', { name: `Select order ${number}`, exact: true }).check();
    const selected = page.getByRole('region', { name: 'Selected orders' });
    await selected.getByText('2 orders selected').waitFor();
    await expectFitsTheScreen(page);
    await selected.getByRole('button', { name: 'Ship 2 orders', exact: true }).click();
    const review = page.getByRole('dialog', { name: 'Ship 2 orders with iCarry' });
    const ship = review.getByRole('button', { name: 'Ship 2 orders', exact: true });
    await expect.poll(() => ship.isEnabled()).toBe(true);
    await expectFitsTheScreen(page);
    stack.runtime.sandbox?.control.setFaults([{ kind: 'latency', endpoint: 'book', ms: 800, count: 2 }]);
    onTestFinished(() => void stack.runtime.sandbox?.control.setFaults([]));
    await ship.click();
    await page.waitForURL(/\/admin\/orders\/batches\/\d+$/);
    const progress = page.getByRole('progressbar', { name: 'Bulk shipment progress' });
    await progress.waitFor();
    expect(await progress.getAttribute('aria-valuemax')).toBe('2');
    await page.getByRole('heading', { name: 'Done', exact: true }).waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('aria-valuenow')).toBe('2');
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-bulk-progress', { fullPage: true });
  });

  it('the NDR tab lists a failed delivery and opens its order', async () => {
    const order = await freshNdrOrder(stack);
    const page = await signIn(browser, stack, '/admin?status=ndr', 'phone');
    const row = page.locator(`tr[data-order="${order.number}"]`);
    await row.waitFor();
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-ndr');
    await row.getByRole('button', { name: `View order ${order.number}` }).click();
    await page
      .getByRole('dialog')
      .getByRole('heading', { name: new RegExp(order.number) })
      .waitFor();
  });

  it('Products: an unreadable weight is refused with the reason, a good one is saved with a confirmation', async () => {
    await insertProduct(stack.database.db, { sku: 'HMP-FST-01', name: 'Festive Sweets Hamper', weight_text: null });
    const page = await signIn(browser, stack, '/admin/products', 'phone');
    const row = page.locator('[data-sku="HMP-FST-01"]');
    await row.waitFor();
    await expectFitsTheScreen(page);
    // The rule is the server's, said the same way as in Order Details.
    const rule = await page.getByTestId('weight-rule').innerText();
    expect(rule).toContain('left out of the parcel weight');
    expect(rule).not.toContain('fall back to 0.5 kg');

    const weight = row.getByLabel('Weight of HMP-FST-01');
    await weight.fill('1 packet');
    await row.getByRole('button', { name: 'Save', exact: true }).click();
    await row.getByRole('alert').getByText('“1 packet” is not a weight we can read').waitFor();
    expect(await weight.getAttribute('aria-invalid')).toBe('true');
    expect((await stack.adminCaller.products.list({ search: 'HMP-FST-01' }))[0]?.weightText).toBeNull();
    await screenshot(page, 'admin-phone-products');

    await weight.fill('1.2 kg');
    await row.getByText('1.2 kg').first().waitFor();
    await row.getByRole('button', { name: 'Save', exact: true }).click();
    await row.getByRole('status').getByText('Saved').waitFor();
    expect(await row.getByRole('alert').count()).toBe(0);
    expect((await stack.adminCaller.products.list({ search: 'HMP-FST-01' }))[0]?.weightGrams).toBe(1200);
    await expectFitsTheScreen(page);

    const hamper = await insertOrder(stack.database.db, {
      order_number: 'FB-10280',
      status: 'processing',
      items: [{ sku: 'X-1', name: 'Gift box', weight_text: 'one box', quantity: 1 }],
    });
    await page.goto(`${stack.url}/admin/orders/${hamper.id}`);
    expect(await page.getByRole('dialog').getByTestId('weight-rule').innerText()).toBe(rule);
  });
});

/** A booked order out for delivery whose courier reports a failed attempt (an open NDR). */
async function freshNdrOrder(stack: TestStack): Promise<{ id: string; number: string }> {
  const order = await insertOrder(stack.database.db, { order_number: 'FB-10270', status: 'processing' });
  await bookThroughApi(stack, order.id);
  await stack.adminCaller.sandbox.advance({ orderId: order.id });
  await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 26 });
  await waitForOrderStatus(stack, order.id, 'out_for_delivery');
  const [ndr] = await stack.adminCaller.sandbox.ndrCodes();
  if (!ndr) throw new Error('the sandbox offers no NDR codes');
  await stack.adminCaller.sandbox.raiseNdr({ orderId: order.id, type: ndr.code });
  await waitFor(async () => (await stack.adminCaller.orders.ndrList({})).some((n) => n.orderId === order.id), {
    what: 'the open NDR',
  });
  return { id: order.id, number: order.order_number };
}
