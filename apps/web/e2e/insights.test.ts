import { startTestStack, type TestStack } from '@app/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

const percent = (value: number | null) =>
  value === null ? '–' : `${value.toLocaleString('en-IN', { maximumFractionDigits: 1 })}%`;

async function noHorizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

/** Insights (issue 25): charts, the map of India and tables from the demo history, each count a link to its orders. */
describe.skipIf(skipReason !== null)('the Insights page', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    // The demo seed: six months of closed orders, counted into the delivery memory at start.
    stack = await startTestStack({ webDist: WEB_DIST, seed: true, startWorkers: false });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the server’s figures as charts, a map and tables, and a count opens the orders it counts', async () => {
    const figures = await stack.adminCaller.insights.overview();
    expect(figures.totals.closed).toBeGreaterThan(100);
    const worst = figures.worstPincodes[0];
    if (!worst) throw new Error('the demo history has risky pincodes');

    const page = await signIn(browser, stack);
    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
    await page.getByTestId('rto-rate').getByText(percent(figures.totals.rtoPercent)).waitFor();

    // Charts: two weekly lines, bars per payment mode and per courier.
    await expect.poll(() => page.locator('[data-testid="weekly-chart"] .recharts-line').count()).toBe(2);
    // Recharts draws no rectangle for a zero.
    const bars = (values: (number | null)[]) => values.filter((v) => v !== null && v > 0).length;
    await expect
      .poll(() => page.locator('[data-testid="payment-chart"] .recharts-bar-rectangle').count())
      .toBe(bars(figures.payments.flatMap((p) => [p.rtoPercent, p.ndrPercent])));
    await expect
      .poll(() => page.locator('[data-testid="courier-chart"] .recharts-bar-rectangle').count())
      .toBe(bars(figures.couriers.flatMap((c) => [c.deliveredPercent, c.rtoPercent, c.ndrPercent])));

    // The map: every state drawn; the busiest state titled with its figures and coloured as having data.
    const map = page.getByTestId('india-map');
    expect(await map.locator('path').count()).toBe(36);
    const top = figures.states[0];
    if (!top) throw new Error('no state');
    const state = map.locator(`path[data-state="${top.state}"]`);
    expect(await state.locator('title').textContent()).toBe(
      `${top.state}: ${percent(top.rtoPercent)} RTO (${top.rto} of ${top.closed} closed)`,
    );
    expect(await state.getAttribute('fill')).not.toBe('#e4e4e7');
    const stateRow = page
      .getByRole('table', { name: 'Closed parcels by state' })
      .getByRole('row', { name: new RegExp(`^${top.state}`) });
    expect(await stateRow.innerText()).toContain(String(top.closed));

    // Money lost to RTO, with the estimated return leg explained.
    const money = await page.getByTestId('rto-money-total').innerText();
    expect(money.replace(/\s/g, '')).toContain(
      `₹${(figures.rtoMoney.totalPaise / 100).toLocaleString('en-IN', { maximumFractionDigits: 2 })}`,
    );
    if (figures.rtoMoney.returnLegEstimated) await page.getByTestId('rto-money-estimated').waitFor();

    // Works on a phone, a tablet and a desktop without sideways scrolling.
    for (const width of [390, 768, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => noHorizontalOverflow(page), { message: `overflow at ${width}px` }).toBe(true);
      if (width === 1440) await screenshot(page, 'admin-insights', { fullPage: true });
      if (width === 390) await screenshot(page, 'admin-insights-mobile', { fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // The worst pincode's RTO count opens exactly those orders.
    const pincodes = page.getByRole('table', { name: 'Pincodes with the most returns' });
    const rtoLink = pincodes.getByRole('link', { name: `${worst.rto} returned parcels: open these orders` }).first();
    await rtoLink.click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      status: 'all',
      closed: 'rto',
      pincode: worst.pincode,
    });
    await page.getByTestId('closed-filter').getByText(`pincode ${worst.pincode}`).waitFor();
    await expect.poll(() => page.locator('tbody tr[data-order]').count()).toBe(worst.rto);
    const expected = await stack.database.db
      .selectFrom('orders as o')
      .innerJoin('shipments as s', 's.order_id', 'o.id')
      .select('o.order_number')
      .where('o.ship_pincode', '=', worst.pincode)
      .where('s.direction', '=', 'forward')
      .where('s.status', '=', 'rto_delivered')
      .execute();
    const shown = await page
      .locator('tbody tr[data-order]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order')));
    expect(shown.sort()).toEqual(expected.map((r) => r.order_number).sort());
  });
});
