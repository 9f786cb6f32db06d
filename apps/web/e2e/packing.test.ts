import { startTestStack, waitFor, type TestStack } from '@app/api/testing';
import { insertOrder, insertShipment } from '@app/db/testing';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { bookThroughApi, seedStore, waitForOrderStatus } from './fixtures';
import { signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

const HOUR = 3_600_000;

/**
 * Lets the browser's request to `path` through unchanged and keeps what the server answered: the
 * bytes the click really downloaded (the page opens them in a new tab for printing).
 */
async function capturePdf(page: Page, path: string) {
  const seen: { status: number; contentType: string | undefined; body: Buffer }[] = [];
  await page.context().route(`**${path}*`, async (route) => {
    const response = await route.fetch();
    seen.push({
      status: response.status(),
      contentType: response.headers()['content-type'],
      body: await response.body(),
    });
    await route.fulfill({ response });
  });
  return () => waitFor(() => seen[0], { what: `the ${path} answer` });
}

/** The packing table in the admin: bulk ship with progress, labels, Today's pickup, Stuck, returns. */
describe.skipIf(skipReason !== null)('the packing table', () => {
  let stack: TestStack;
  let browser: Browser;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;
  const bulkShipped: string[] = [];

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    // One booking at a time, so the progress bar visibly moves from order to order.
    stack = await startTestStack({ webDist: WEB_DIST, env: { BULK_SHIP_CONCURRENCY: '1' } });
    fixtures = await seedStore(stack.database.db);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('ticks Processing orders, reviews them, ships them, watches the progress bar finish and prints their labels', async () => {
    const page = await signIn(browser, stack);
    const picked = ['FB-10231', 'FB-10230', 'FB-10229'];
    for (const number of picked)
      await page.getByRole('checkbox', { name: `Select order ${number}`, exact: true }).check();
    const selected = page.getByRole('region', { name: 'Selected orders' });
    await selected.getByText('3 orders selected').waitFor();
    await selected.getByRole('button', { name: 'Ship 3 orders', exact: true }).click();

    const review = page.getByRole('dialog', { name: 'Ship 3 orders with iCarry' });
    await review.getByTestId('shippable-count').getByText('3 orders').waitFor();
    // FB-10231 is the one COD order: ₹946 to collect. FB-10229's hamper has no weight that reads.
    await review.getByText('1 order · ₹946 to collect').waitFor();
    await review.getByText('1 order declared at the 0.5 kg fallback').waitFor();
    // Listed once among the fallbacks (it also has its line under "Why each courier").
    const fallbacks = review.locator('.callout', { hasText: 'declared at the 0.5 kg fallback' });
    expect(await fallbacks.getByText('FB-10229', { exact: true }).count()).toBe(1);
    expect(await review.locator('.review-choices').getByText('FB-10229', { exact: true }).count()).toBe(1);
    // A preferred courier is re-reviewed; then back to the cheapest.
    await review.getByRole('radio', { name: /Preferred courier/ }).check();
    await review.getByLabel('Preferred courier', { exact: true }).waitFor();
    await review.getByRole('radio', { name: /Cheapest for each order/ }).check();
    const ship = review.getByRole('button', { name: 'Ship 3 orders', exact: true });
    await expect.poll(() => ship.isEnabled()).toBe(true);

    // iCarry takes a moment per booking, as it does live.
    stack.runtime.sandbox?.control.setFaults([{ kind: 'latency', endpoint: 'book', ms: 1200, count: 3 }]);
    onTestFinished(() => void stack.runtime.sandbox?.control.setFaults([]));
    await ship.click();
    await page.waitForURL(/\/admin\/orders\/batches\/\d+$/);

    const progress = page.getByRole('progressbar', { name: 'Bulk shipment progress' });
    await progress.waitFor();
    // Every value the bar shows, recorded in the page (a poll from here could miss one).
    await progress.evaluate((bar) => {
      const seen = new Set([bar.getAttribute('aria-valuenow')]);
      new MutationObserver(() => {
        seen.add(bar.getAttribute('aria-valuenow'));
        document.body.dataset.progressSeen = [...seen].join(',');
      }).observe(bar, { attributes: true, attributeFilter: ['aria-valuenow'] });
      document.body.dataset.progressSeen = [...seen].join(',');
    });
    expect(await progress.getAttribute('aria-valuemax')).toBe('3');
    await page.getByRole('heading', { name: 'Done', exact: true }).waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('aria-valuenow')).toBe('3');
    const seen = (await page.evaluate(() => document.body.dataset.progressSeen ?? '')).split(',');
    expect(seen.some((value) => Number(value) < 3)).toBe(true);

    const rows = page.getByRole('table', { name: 'Orders in this bulk shipment' }).locator('tbody tr');
    expect(await rows.count()).toBe(3);
    const booked = Number(await page.getByTestId('booked-count').innerText());
    expect(booked).toBe(3);
    expect(await page.locator('tbody tr[data-state="booked"]').count()).toBe(booked);
    for (const row of await rows.all()) {
      expect((await row.getByTestId('batch-awb').innerText()).trim()).toMatch(/^\w{6,}$/);
      bulkShipped.push(String(await row.getAttribute('data-order')));
    }
    expect(new Set(bulkShipped)).toEqual(new Set(picked));
    await page.getByTestId('label-count').getByText('3 labels').waitFor();
    await screenshot(page, 'admin-bulk-progress', { fullPage: true });

    const labels = await capturePdf(page, '/api/labels.pdf');
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Print labels for these', exact: true }).click(),
    ]);
    onTestFinished(() => tab.close());
    const pdf = await labels();
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf.body)).getPageCount()).toBe(booked);
    await page.getByText('3 labels opened in a new tab.').waitFor();
    // The server recorded the print on each parcel.
    const main = await stack.adminCaller.orders.get({ orderId: fixtures.main.id });
    expect(main.shipment?.labelPrintedAt).not.toBeNull();

    // Back on the Orders page, the batch is listed with a link to its page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByText('Recent bulk shipments (1)').click();
    await page.getByRole('link', { name: /^Open bulk shipment \d+$/ }).click();
    await page.getByRole('heading', { name: 'Done', exact: true }).waitFor();
  });

  it('Today’s pickup lists the batch’s parcels with their labels, highlights an unprinted one and gives the manifest', async () => {
    expect(bulkShipped).toHaveLength(3);
    const extra = await insertOrder(stack.database.db, {
      order_number: 'FB-10250',
      status: 'processing',
      ship_city: 'Jaipur',
      ship_state: 'Rajasthan',
      ship_pincode: '302001',
    });
    await bookThroughApi(stack, extra.id);

    const page = await signIn(browser, stack);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pickup', exact: true }).click();
    await page.getByRole('heading', { name: 'Today’s pickup' }).waitFor();
    const parcels = page.getByRole('table', { name: 'Parcels' });
    for (const number of bulkShipped)
      await parcels
        .locator(`tr[data-order="${number}"]`)
        .getByText(/^Printed /)
        .waitFor();
    const unprinted = parcels.locator('tr[data-order="FB-10250"]');
    expect(await unprinted.getAttribute('class')).toContain('is-unprinted');
    await unprinted.getByText('Not printed').waitFor();
    expect(await page.getByTestId('pickup-count').innerText()).toBe('4');
    const missing = page.getByRole('region', { name: 'Missing labels' });
    await missing.getByTestId('label-count').getByText('1 label').waitFor();
    await screenshot(page, 'admin-pickup', { fullPage: true });

    const manifest = await capturePdf(page, '/api/manifest.pdf');
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Download manifest' }).click(),
    ]);
    onTestFinished(() => tab.close());
    const pdf = await manifest();
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('the Stuck tab shows a parcel with no carrier movement past its limit, and opens its order', async () => {
    const order = await insertOrder(stack.database.db, { order_number: 'FB-10190', status: 'shipped' });
    // Booked 60 h ago and never picked up: past the 48 h awaiting-pickup limit.
    await insertShipment(stack.database.db, { order_id: order.id, booked_at: new Date(Date.now() - 60 * HOUR) });
    await stack.runtime.deps.queue.sendNow('stuck-watchdog', {});
    await waitFor(
      async () => (await stack.adminCaller.packing.stuck()).items.some((item) => item.orderId === order.id),
      { what: 'the watchdog to flag the parcel' },
    );

    const page = await signIn(browser, stack);
    await page.getByRole('button', { name: /^Stuck\s*1$/ }).click();
    expect(new URL(page.url()).searchParams.get('filter')).toBe('stuck');
    const row = page.getByRole('table', { name: 'Stuck shipments' }).locator('tr[data-order="FB-10190"]');
    await row.getByText('awaiting pickup', { exact: true }).waitFor();
    await row.getByText('2 d 12 h', { exact: true }).waitFor();
    await screenshot(page, 'admin-stuck-tab');

    await row.getByRole('button', { name: 'View order FB-10190' }).click();
    await page.getByRole('dialog').getByText('Needs attention: shipment not moving').waitFor();
  });

  it('a return is created on a Delivered order, with its own AWB and label, and counted in the Returns tab', async () => {
    const order = await insertOrder(stack.database.db, { order_number: 'FB-10260', status: 'processing' });
    await bookThroughApi(stack, order.id);
    await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 21 });
    await waitForOrderStatus(stack, order.id, 'delivered');

    const page = await signIn(browser, stack, `/admin/orders/${order.id}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create return' }).click();
    const form = dialog.getByRole('form', { name: 'Create return' });
    await form.getByLabel('Reason for the return').fill('ok');
    await form.getByRole('button', { name: 'Book return pickup' }).click();
    await form.getByText('Say why it comes back (at least 3 characters)').waitFor();
    await form.getByLabel('Reason for the return').fill('Jar arrived broken');
    await form.getByLabel('Refund note (optional)').fill('Refund ₹349 to UPI once it is back');
    await form.getByRole('button', { name: 'Book return pickup' }).click();

    const returnAwb = dialog.getByTestId('return-awb');
    await returnAwb.waitFor({ timeout: 20_000 });
    const forwardAwb = (await dialog.getByTestId('awb').innerText()).trim();
    const returnAwbText = (await returnAwb.innerText()).trim();
    expect(returnAwbText).not.toBe(forwardAwb);
    await dialog.getByText('Jar arrived broken', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Print return label' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Create return' }).count()).toBe(0);

    const returnLabel = await capturePdf(page, '/api/labels.pdf');
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      dialog.getByRole('button', { name: 'Print return label' }).click(),
    ]);
    onTestFinished(() => tab.close());
    expect((await returnLabel()).body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await dialog
      .getByTestId('return-label-printed')
      .getByText(/^Label printed /)
      .waitFor();

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Returns\s*1$/ }).click();
    const row = page.locator('tbody tr[data-order="FB-10260"]');
    await row.waitFor();
    // The return's AWB and status, not the parcel's AWB and "Delivered".
    expect((await row.getByTestId('list-awb').innerText()).trim()).toBe(returnAwbText);
    expect(await row.locator('.cell-status').innerText()).toMatch(/^Return\s+Booked/);
  });

  it('prints labels for all orders matching a tab, saying which are skipped and why', async () => {
    // More Shipped orders than one page holds, each booked with an AWB.
    for (let i = 0; i < 26; i++) {
      const order = await insertOrder(stack.database.db, {
        order_number: `FB-3${String(i).padStart(4, '0')}`,
        status: 'shipped',
        placed_at: new Date(Date.now() - (200 + i) * HOUR),
      });
      await insertShipment(stack.database.db, { order_id: order.id });
    }
    const shipped = (await stack.adminCaller.orders.list({ status: 'shipped', limit: 1 })).counts.shipped;

    const page = await signIn(browser, stack, '/admin?status=shipped');
    await page.getByRole('button', { name: new RegExp(`^Shipped\\s*${shipped}$`) }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all on this page', exact: true }).check();
    const selected = page.getByRole('region', { name: 'Selected orders' });
    await selected.getByText('25 orders selected').waitFor();
    // Shipped is not the shipping queue: no Ship button here.
    expect(await selected.getByRole('button', { name: /^Ship / }).count()).toBe(0);
    await selected.getByRole('button', { name: `Select all ${shipped} orders in Shipped`, exact: true }).click();
    await selected.getByText(`All ${shipped} orders in Shipped selected`).waitFor();
    await selected.getByRole('button', { name: 'Print labels', exact: true }).click();

    // FB-10226 was marked Shipped without a booking (and FB-10190's parcel is stuck but booked).
    const summary = await stack.adminCaller.packing.labelSelection({ status: 'shipped' });
    expect(summary.skipped.map((s) => s.orderNumber)).toContain('FB-10226');
    const printable = summary.printableOrderIds.length;
    await selected
      .getByTestId('label-count')
      .getByText(new RegExp(`^${printable} labels`))
      .waitFor();
    await selected.getByText(`${summary.skipped.length} skipped: only booked orders have a label`).waitFor();
    await selected.getByText('Not booked, so no label yet (Shipped).').first().waitFor();

    const labels = await capturePdf(page, '/api/labels.pdf');
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      selected.getByRole('button', { name: 'Print labels for the selection', exact: true }).click(),
    ]);
    onTestFinished(() => tab.close());
    const pdf = await labels();
    expect(pdf.status).toBe(200);
    expect((await PDFDocument.load(pdf.body)).getPageCount()).toBe(printable);
  });

  it('the Billing page shows what iCarry billed beside the quote, by courier and month', async () => {
    // A delivered parcel of its own, then the billing job asks the sandbox what it charged.
    const order = await insertOrder(stack.database.db, { order_number: 'FB-10270', status: 'processing' });
    await bookThroughApi(stack, order.id);
    await stack.adminCaller.sandbox.setStatus({ orderId: order.id, statusCode: 21 });
    await waitForOrderStatus(stack, order.id, 'delivered');
    await stack.runtime.deps.queue.sendNow('billing-sync', {});
    const report = await waitFor(
      async () => {
        const r = await stack.adminCaller.packing.billingReport();
        return r.totals.shipments > 0 ? r : null;
      },
      { what: 'the billing job to record a bill' },
    );
    const page = await signIn(browser, stack);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing', exact: true }).click();
    await page.getByRole('heading', { name: 'Billing', exact: true }).waitFor();
    // The month fields take the report's range when it arrives, which can be after the heading.
    const pending = page.getByTestId('billing-pending');
    await pending.waitFor();
    await expect.poll(() => page.getByLabel('From month').inputValue()).toBe(report.fromMonth);
    await expect.poll(() => page.getByLabel('To month').inputValue()).toBe(report.toMonth);
    expect(await pending.innerText()).toMatch(new RegExp(`^${report.pendingCount}\\s+delivered or returned parcels$`));
    const [row] = report.months;
    const summary = page.getByRole('table', { name: 'Quoted vs billed' });
    await summary.getByText(String(row?.courierName), { exact: true }).waitFor();
    await summary.locator('tfoot').getByText(String(report.totals.shipments), { exact: true }).first().waitFor();
  });
});
