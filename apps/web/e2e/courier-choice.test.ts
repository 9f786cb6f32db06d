import { startTestStack, type TestStack } from '@app/api/testing';
import { insertOrder, insertProduct } from '@app/db/testing';
import { TRANSIT_BUCKETS } from '@app/shipping';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { measureOverflow } from './overflow';
import { signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

async function expectFitsTheScreen(page: Page): Promise<void> {
  const overflow = await measureOverflow(page);
  expect(overflow.sticking).toEqual([]);
  expect(overflow.pageScrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
}

/**
 * Issue 25 in the admin: the store's rules on Setup, a product's shelf life, the RTO-risk flag in
 * the list and Order Details, the "best" courier picked first and its reason kept on the shipment,
 * and the bulk review's reasons, spoilage warning and Express choice.
 */
describe.skipIf(skipReason !== null)('courier choice, risk and shelf life in the admin', () => {
  let stack: TestStack;
  let browser: Browser;
  let cheapestName = '';
  let bestName = '';

  /** Closed parcels to a place as the delivery memory keeps them (every delivery took `days`). */
  async function remember(row: {
    place: string;
    courier: string;
    payment: 'cod' | 'prepaid';
    closed: number;
    delivered: number;
    days?: number;
  }) {
    const histogram = Array.from({ length: TRANSIT_BUCKETS }, (_, d) => (d === (row.days ?? 2) ? row.delivered : 0));
    await sql`
      insert into delivery_memory (scope, place, courier, payment, closed, delivered, rto, lost, ndr, transit_days, updated_at)
      values ('pincode', ${row.place}, ${row.courier}, ${row.payment}, ${row.closed}, ${row.delivered},
              ${row.closed - row.delivered}, 0, 0, ${sql.raw(`array[${histogram.join(',')}]`)}::integer[], now())`.execute(
      stack.database.db,
    );
  }

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    const db = stack.database.db;
    const sweets = await insertProduct(db, { sku: 'KAJU-250', name: 'Kaju Katli 250 g', weight_text: '250g' });
    const place = { ship_pincode: '800001', ship_city: 'Patna', ship_state: 'Bihar', status: 'processing' as const };
    await insertOrder(db, { ...place, order_number: 'FB-RISK-1', payment_method: 'cod' });
    await insertOrder(db, {
      ...place,
      order_number: 'FB-SWEET-1',
      items: [{ sku: 'KAJU-250', product_id: sweets.id, weight_text: null, name: 'Kaju Katli 250 g' }],
    });
    const probe = await insertOrder(db, {
      ...place,
      order_number: 'FB-PROBE-1',
      status: 'pending',
      payment_method: 'cod',
    });
    const quote = await stack.adminCaller.orders.quote({ orderId: probe.id });
    const [cheapest, best] = quote.couriers;
    if (!cheapest || !best) throw new Error('the sandbox offers two couriers to Patna');
    cheapestName = cheapest.courierName;
    bestName = best.courierName;
    // Patna: the cheapest delivers half, the next all; COD comes back 4 times in 10; 9 days is the slow tenth.
    await remember({ place: '800001', courier: cheapest.courierId, payment: 'prepaid', closed: 10, delivered: 5 });
    await remember({ place: '800001', courier: best.courierId, payment: 'prepaid', closed: 8, delivered: 8, days: 9 });
    await remember({ place: '800001', courier: '*', payment: 'cod', closed: 10, delivered: 6 });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('Setup keeps the store’s rules: the best courier first, its allowance, the cut-off', async () => {
    const page = await signIn(browser, stack, '/admin/setup');
    const card = page.getByTestId('delivery-rules');
    await card.waitFor();
    await card.getByLabel(/The best delivery record/).check();
    await card.getByLabel('Best may cost up to (₹ more)').fill('1000');
    await card.getByLabel('Orders after this ship the next day').selectOption('14');
    await card.getByLabel(/Holidays/).fill('2026-12-25');
    await card.getByRole('button', { name: 'Save the rules' }).click();
    await card.getByText(/Saved\. The product-page promise/).waitFor();
    expect(await stack.adminCaller.settings.deliveryRules.get()).toMatchObject({
      defaultCourierPolicy: 'best',
      bestWithinRupees: 1000,
      cutoffHour: 14,
      holidays: ['2026-12-25'],
    });
    // A date that does not exist is refused with the field named, and nothing changes.
    await card.getByLabel(/Holidays/).fill('2026-02-30');
    await card.getByRole('button', { name: 'Save the rules' }).click();
    await card.getByText('Not saved').waitFor();
    expect((await stack.adminCaller.settings.deliveryRules.get()).holidays).toEqual(['2026-12-25']);
    await screenshot(page, 'setup-delivery-rules', { fullPage: true });
  });

  it('Products takes a shelf life in days', async () => {
    const page = await signIn(browser, stack, '/admin/products');
    const row = page.locator('tr[data-sku="KAJU-250"]');
    await row.getByLabel(/Keeps for/).fill('4');
    await row.getByRole('button', { name: 'Save the shelf life of KAJU-250' }).click();
    await row.getByText('Saved').waitFor();
    await row.getByLabel(/Keeps for/).fill('four');
    await row.getByText(/whole number/).waitFor();
  });

  it('flags the risky COD order, picks the best courier first and keeps why it was booked', async () => {
    const page = await signIn(browser, stack);
    const risky = page.locator('tr[data-order="FB-RISK-1"]');
    await risky.getByTestId('risk-flag').waitFor();
    expect(await page.locator('tr[data-order="FB-SWEET-1"]').getByTestId('risk-flag').count()).toBe(0);
    await risky.getByRole('button', { name: 'View order FB-RISK-1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByTestId('cod-risk')
      .getByText(/40% of 10 COD parcels/)
      .waitFor();
    const picked = dialog.getByRole('radio', { checked: true });
    await expect.poll(() => picked.getAttribute('value')).not.toBeNull();
    await dialog.getByText('Best record here').waitFor();
    await dialog.getByText(/100% of 8 delivered, 9 in 10 within 9 days/).waitFor();
    await dialog.getByText(`${bestName},`, { exact: false }).first().waitFor();
    await screenshot(page, 'order-details-best-courier');
    await dialog.getByRole('button', { name: 'Ship with iCarry' }).click();
    await dialog
      .getByTestId('courier-choice')
      .getByText(/Best delivery rate within Rs 1,000/)
      .waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('courier').innerText()).toContain(bestName);
  });

  it('the bulk review says why each courier, warns of spoilage and offers Express, on a phone too', async () => {
    const page = await signIn(browser, stack, '/admin', 'phone');
    await page.getByRole('checkbox', { name: 'Select order FB-SWEET-1', exact: true }).check();
    const selected = page.getByRole('region', { name: 'Selected orders' });
    await selected.getByRole('button', { name: /Ship 1 order/ }).click();
    const review = page.getByRole('dialog', { name: 'Ship 1 order with iCarry' });
    await review.getByText('Best delivery record').first().waitFor();
    await review.getByRole('radio', { name: /Best delivery record/ }).check();
    await review.getByText('1 order may spoil on the way').waitFor();
    await review.getByText(/Why each courier/).click();
    await review.locator('li', { hasText: 'FB-SWEET-1' }).filter({ hasText: bestName }).first().waitFor();
    expect(cheapestName).not.toBe(bestName);
    await review.getByText(/offered because 1 perishable parcel may spoil by surface/).waitFor();
    await expectFitsTheScreen(page);
    await screenshot(page, 'admin-phone-review-spoilage', { fullPage: true });
    await review.getByRole('radio', { name: /Express/ }).check();
    await expect.poll(() => review.getByText('1 order may spoil on the way').count()).toBe(0);
  });
});
