import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, FALLBACK_ROUTE } from '../shell/routes';
import { buildPath, defineRoute, matchPath, matchRoute } from './route-table';

const list = defineRoute({ path: '/admin', section: 'orders', render: () => 'list' });
const order = defineRoute({
  path: '/admin/orders/:orderId',
  params: { orderId: /^\d{1,18}$/ },
  section: 'orders',
  render: ({ orderId }) => `order ${orderId}`,
});
const invoice = defineRoute({
  path: '/admin/orders/:orderId/invoices/:invoiceId',
  section: 'orders',
  render: ({ orderId, invoiceId }) => `${orderId}/${invoiceId}`,
});

describe('matchPath', () => {
  it('captures named segments and allows a trailing slash', () => {
    expect(matchPath(order, '/admin/orders/42')).toEqual({ orderId: '42' });
    expect(matchPath(order, '/admin/orders/42/')).toEqual({ orderId: '42' });
    expect(matchPath(invoice, '/admin/orders/42/invoices/INV%2F7')).toEqual({ orderId: '42', invoiceId: 'INV/7' });
  });

  it('refuses a parameter that fails its pattern, a literal that differs, or a different length', () => {
    expect(matchPath(order, '/admin/orders/abc')).toBeNull();
    expect(matchPath(order, `/admin/orders/${'1'.repeat(19)}`)).toBeNull();
    expect(matchPath(order, '/admin/order/42')).toBeNull();
    expect(matchPath(order, '/admin/orders/42/extra')).toBeNull();
    expect(matchPath(order, '/admin/orders')).toBeNull();
  });

  it('refuses a malformed escape instead of throwing', () => {
    expect(matchPath(invoice, '/admin/orders/1/invoices/%E0%A4%A')).toBeNull();
  });
});

describe('matchRoute', () => {
  const routes = [list, order];

  it('returns the first matching route, its parameters and the query string', () => {
    const match = matchRoute(routes, list, '/admin/orders/7?status=shipped&q=asha');
    expect(match.route).toBe(order);
    expect(match.params).toEqual({ orderId: '7' });
    expect(match.search.get('status')).toBe('shipped');
    expect(match.search.get('q')).toBe('asha');
    expect(match.route.render(match.params)).toBe('order 7');
  });

  it('falls back, with no parameters, when nothing matches', () => {
    const match = matchRoute(routes, list, '/admin/nowhere?q=x');
    expect(match.route).toBe(list);
    expect(match.params).toEqual({});
    expect(match.search.get('q')).toBe('x');
  });
});

describe('buildPath', () => {
  it('fills and escapes parameters, and round-trips through matchPath', () => {
    expect(buildPath('/admin/orders/:orderId', { orderId: '12' })).toBe('/admin/orders/12');
    const path = buildPath('/admin/orders/:orderId/invoices/:invoiceId', { orderId: '1', invoiceId: 'a b/c' });
    expect(path).toBe('/admin/orders/1/invoices/a%20b%2Fc');
    expect(matchPath(invoice, path)).toEqual({ orderId: '1', invoiceId: 'a b/c' });
  });
});

describe('the admin route table', () => {
  const sectionOf = (url: string) => matchRoute(ADMIN_ROUTES, FALLBACK_ROUTE, url);

  it('maps each admin URL to its section, with the order id from the path', () => {
    expect(sectionOf('/admin').route.section).toBe('orders');
    expect(sectionOf('/admin/').params).toEqual({});
    expect(sectionOf('/admin/orders/123').params).toEqual({ orderId: '123' });
    expect(sectionOf('/admin/orders/123').route.section).toBe('orders');
    expect(sectionOf('/admin/setup').route.section).toBe('setup');
    expect(sectionOf('/admin/setup/').route.section).toBe('setup');
    expect(sectionOf('/admin/settings/branding').route.section).toBe('branding');
    expect(sectionOf('/admin/pickup').route.section).toBe('pickup');
    expect(sectionOf('/admin/billing').route.section).toBe('billing');
  });

  it('opens a bulk shipment’s page under Orders, and never reads its URL as an order', () => {
    expect(sectionOf('/admin/orders/batches/42').params).toEqual({ batchId: '42' });
    expect(sectionOf('/admin/orders/batches/42').route.section).toBe('orders');
    expect(sectionOf('/admin/orders/batches/42').route.path).toBe('/admin/orders/batches/:batchId');
    expect(sectionOf('/admin/orders/batches/abc').route).toBe(FALLBACK_ROUTE);
    expect(sectionOf('/admin/orders/batches').route).toBe(FALLBACK_ROUTE);
  });

  it('shows the order list for an unknown URL or a non-numeric order id', () => {
    expect(sectionOf('/admin/orders/abc').route).toBe(FALLBACK_ROUTE);
    expect(sectionOf('/admin/orders/abc').params).toEqual({});
    expect(sectionOf('/admin/whatever').route).toBe(FALLBACK_ROUTE);
    expect(FALLBACK_ROUTE.section).toBe('orders');
  });

  it('has one nav link per section, each pointing at a path of that section', () => {
    const links = ADMIN_ROUTES.filter((route) => route.navLabel);
    expect(links.map((route) => route.navLabel)).toEqual([
      'Orders',
      'Pickup',
      'Import',
      'Products',
      'Billing',
      'Insights',
      'API keys',
      'Integrations',
      'Setup',
      'Branding',
      'Account',
    ]);
    expect(new Set(links.map((route) => route.section)).size).toBe(links.length);
    for (const link of links) expect(sectionOf(link.path).route).toBe(link);
  });
});
