import { startTestStack, waitFor, type TestStack } from '@app/api/testing';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, WEB_DIST } from './browser';
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
 * The admin's side of COD confirmation (issue 24): the list's badge and filter (where the daily
 * digest's link lands), bulk ship's skip and override, and the Setup card for the policy.
 */
describe.skipIf(skipReason !== null)('COD confirmation in the admin', () => {
  let stack: TestStack;
  let browser: Browser;
  const ids: Record<'expired' | 'pending' | 'confirmed' | 'prepaid', string> = {
    expired: '',
    pending: '',
    confirmed: '',
    prepaid: '',
  };

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST });
    const db = stack.database.db;
    const customer = await insertCustomer(db, { name: 'Farah Qureshi', phone: '9812345670' });
    const states = ['expired', 'pending', 'confirmed', 'prepaid'] as const;
    for (const [i, state] of states.entries()) {
      const order = await insertOrder(db, {
        order_number: `FB-2400${i}`,
        customer_id: customer.id,
        status: 'processing',
        payment_method: state === 'prepaid' ? 'prepaid' : 'cod',
        ship_line1: '14, 2nd Cross, Indiranagar',
        ship_city: 'Bengaluru',
        ship_state: 'Karnataka',
        ship_pincode: '560038',
        contact_phone: customer.phone,
        placed_at: new Date(Date.now() - i * 60_000),
      });
      ids[state] = order.id;
      if (state !== 'prepaid')
        await sql`update orders set cod_confirmation = ${state}, cod_confirmation_requested_at = now(),
          cod_confirmation_expires_at = now() where id = ${order.id}`.execute(db);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the digest’s link opens Processing filtered to expired confirmations; the badge and filter fit a phone', async () => {
    const page = await signIn(browser, stack, '/admin/orders?status=processing&codConfirmation=expired', 'phone');
    const rows = page.locator('tr[data-order]');
    await page.locator('tr[data-order="FB-24000"]').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    const badge = page.locator('tr[data-order="FB-24000"]').getByTestId('cod-confirmation');
    expect(await badge.getAttribute('data-state')).toBe('expired');
    expect((await badge.innerText()).trim()).toBe('No answer');
    expect(await page.getByTestId('cod-filter').inputValue()).toBe('expired');
    await expectFitsTheScreen(page);

    // The filter changes the URL and the list: every unconfirmed one, then any.
    await page.getByTestId('cod-filter').selectOption('unconfirmed');
    await page.locator('tr[data-order="FB-24001"]').waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(page.url()).toContain('codConfirmation=unconfirmed');
    await page.getByTestId('cod-filter').selectOption('');
    await page.locator('tr[data-order="FB-24003"]').waitFor();
    expect(await page.locator('tr[data-order="FB-24003"]').getByTestId('cod-confirmation').count()).toBe(0);
    expect(
      await page.locator('tr[data-order="FB-24002"]').getByTestId('cod-confirmation').getAttribute('data-state'),
    ).toBe('confirmed');
    await expectFitsTheScreen(page);
  });

  it('bulk ship review lists unconfirmed COD orders as skipped; “Ship them anyway” books them, recorded', async () => {
    const page = await signIn(browser, stack, '/admin/orders?status=processing&codConfirmation=unconfirmed');
    await page.locator('tr[data-order="FB-24001"]').waitFor();
    await page.getByRole('checkbox', { name: 'Select order FB-24000' }).check();
    await page.getByRole('checkbox', { name: 'Select order FB-24001' }).check();
    await page.getByRole('button', { name: 'Ship 2 orders' }).click();
    const review = page.getByRole('dialog', { name: 'Ship 2 orders with iCarry' });
    const skipped = review.getByTestId('unconfirmed-cod');
    await skipped.waitFor();
    expect(await skipped.innerText()).toMatch(/FB-24000: The customer did not confirm/);
    expect(await skipped.innerText()).toMatch(/FB-24001: The customer has not confirmed/);
    await review.getByTestId('shippable-count').getByText('0 orders').waitFor();
    await review.getByTestId('cod-override').check();
    await review.getByTestId('overridden-cod').waitFor();
    await review.getByTestId('shippable-count').getByText('2 orders').waitFor();
    await review.getByRole('button', { name: 'Ship 2 orders', exact: true }).click();
    await waitFor(
      async () => {
        const rows = await sql<{ n: string }>`select count(*)::text as n from orders
          where id in (${ids.expired}, ${ids.pending}) and cod_confirmation_override_by is not null`.execute(
          stack.database.db,
        );
        return rows.rows[0]?.n === '2' ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'both overrides recorded' },
    );
  });

  it('Setup: the policy card saves “risky pincodes only” and an amount, refuses a bad amount, shows the hours', async () => {
    const page = await signIn(browser, stack, '/admin/setup', 'phone');
    const card = page.getByTestId('cod-confirmation-card');
    await card.waitFor();
    expect(await card.getByTestId('cod-confirmation-hours').innerText()).toMatch(/24 hours/);
    await card.getByRole('radio', { name: /Only COD orders to risky pincodes/ }).check();
    expect(await card.innerText()).toMatch(/more than 25% of your COD parcels/);
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('COD confirmation saved').waitFor();
    expect(await stack.adminCaller.settings.codConfirmation.get()).toMatchObject({ kind: 'risky', setBy: 'admin' });

    await card.getByRole('radio', { name: /COD orders above an amount/ }).check();
    await card.getByLabel('Amount in rupees').fill('abc');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByRole('alert').waitFor();
    expect(await stack.adminCaller.settings.codConfirmation.get()).toMatchObject({ kind: 'risky' });
    await card.getByLabel('Amount in rupees').fill('1500');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('COD confirmation saved').waitFor();
    expect(await stack.adminCaller.settings.codConfirmation.get()).toMatchObject({
      kind: 'above',
      abovePaise: 150_000,
    });
    await expectFitsTheScreen(page);
  });
});
