import { startTestStack, type TestStack } from '@app/api/testing';
import { insertOrder } from '@app/db/testing';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { seedStore } from './fixtures';
import { openAdminPage, signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/** The Orders page and Order Details as an admin reads them; each test signs in on its own page. */
describe.skipIf(skipReason !== null)('the admin finds orders and reads why they can or cannot ship', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    await seedStore(stack.database.db);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in and lists Processing orders first, with counts', async () => {
    const page = await openAdminPage(browser);
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
    expect(await page.getByRole('link', { name: 'Orders' }).getAttribute('aria-current')).toBe('page');
    await page.getByText('Sandbox', { exact: true }).waitFor();
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
    expect(new URL(page.url()).searchParams.get('q')).toBe('Rohan');
    await page.getByLabel('Search orders').fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
  });

  it('the top bar moves between Orders and Setup, and the URL keeps the page', async () => {
    const page = await signIn(browser, stack);
    await page.getByRole('link', { name: 'Setup' }).click();
    await page.getByRole('heading', { name: 'Setup' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    expect(await page.getByRole('link', { name: 'Setup' }).getAttribute('aria-current')).toBe('page');
    await page.getByText('Webhook URL to get Shipment Status').waitFor();
    // Every go-live variable the server lists (README's list), not two of them.
    const goLive = page.getByTestId('go-live-variables');
    for (const { name } of (await stack.adminCaller.settings.get()).goLive)
      await goLive.getByText(name, { exact: true }).waitFor();
    expect(await goLive.locator('code').count()).toBe(8);
    await page.reload();
    await page.getByRole('heading', { name: 'Setup' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
  });

  it('says why an order cannot ship and when a weight is a guess', async () => {
    const page = await signIn(browser, stack);
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

  it('Ship with iCarry is a solid purple button with white text, and plainly grey when it cannot ship', async () => {
    const look = (button: Locator) =>
      button.evaluate((el) => {
        const style = getComputedStyle(el);
        return { background: style.backgroundColor, color: style.color, opacity: style.opacity };
      });
    const page = await signIn(browser, stack);
    await page.getByRole('button', { name: 'View order FB-10230' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.courier-list input:checked').waitFor();
    const ship = dialog.getByRole('button', { name: 'Ship with iCarry' });
    expect(await ship.isEnabled()).toBe(true);
    // The accent (#6d28d9), not a pale lavender that reads as disabled.
    await expect
      .poll(() => look(ship))
      .toEqual({ background: 'rgb(109, 40, 217)', color: 'rgb(255, 255, 255)', opacity: '1' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'View order FB-10228' }).click();
    await dialog.getByText('Not serviceable').waitFor();
    const refused = dialog.getByRole('button', { name: 'Ship with iCarry' });
    expect(await refused.isDisabled()).toBe(true);
    // Polled: the colour eases from enabled to disabled over a moment.
    await expect
      .poll(() => look(refused))
      .toEqual({ background: 'rgb(228, 228, 231)', color: 'rgb(82, 82, 91)', opacity: '1' });
  });

  it('a pending order says why it cannot ship in the API’s words, opened from its own URL', async () => {
    const pending = await insertOrder(stack.database.db, { status: 'pending', order_number: 'FB-10240' });
    const page = await signIn(browser, stack, `/admin/orders/${pending.id}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /FB-10240/ }).waitFor();
    const reason = dialog.getByTestId('blocked-reason');
    await reason.waitFor();
    expect(await reason.innerText()).toBe(
      'Payment is pending: mark the order as Processing when it is paid, then ship it.',
    );
    expect(await dialog.getByRole('button', { name: 'Ship with iCarry' }).count()).toBe(0);
    // Closing goes back to the list the URL names, with the tab and search kept.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
  });

  it('an admin overrides a status with a written reason and adds a note', async () => {
    const page = await signIn(browser, stack);
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
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
    expect(new URL(page.url()).searchParams.get('status')).toBe('shipped');
  });

  it('pages through a long list with Next and Previous', async () => {
    for (let i = 0; i < 27; i++)
      await insertOrder(stack.database.db, { status: 'returned', order_number: `FB-2${String(i).padStart(4, '0')}` });
    const page = await signIn(browser, stack);
    await page.getByRole('button', { name: /^RTO\s*\d+$/ }).click();
    await page.getByRole('button', { name: /^RTO\s*27$/ }).waitFor();
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
});
