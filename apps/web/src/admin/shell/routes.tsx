import { lazy, Suspense } from 'react';
import { Spinner } from '../ui/spinner';
import { AccountPage } from '../account/account-page';
import { ApiKeysPage } from '../api-keys/api-keys-page';
import { ImportPage } from '../import/import-page';
import { IntegrationsPage } from '../integrations/integrations-page';
import { BillingPage } from '../billing/billing-page';
import { BrandingPage } from '../branding/branding-page';
import { BATCH_ID, BATCH_PATH } from '../bulk/bulk-paths';
import { BatchPage } from '../bulk/batch-page';
import { OrdersPage } from '../orders/orders-page';
import { PickupPage } from '../pickup/pickup-page';
import { ProductsPage } from '../products/products-page';
import { ORDER_ID, ORDER_PATH, ORDERS_PATH } from '../router/order-links';
import { defineRoute, type Route } from '../router/route-table';
import { SetupPage } from '../setup/setup-page';

// Insights carries the chart library and the map: loaded when opened, not with every admin page.
const InsightsPage = lazy(() => import('../insights/insights-page').then((m) => ({ default: m.InsightsPage })));

const ordersRoute = defineRoute({
  path: ORDERS_PATH,
  section: 'orders',
  navLabel: 'Orders',
  render: () => <OrdersPage orderId={null} />,
});

/**
 * Every admin URL, first match wins. A new page is one entry here (with `navLabel` for a top-bar
 * link, in the order the links appear); its feature folder owns the page and its path constants.
 * Both Orders routes render the same page, so opening Order Details keeps the list (tab, page) as it was.
 */
export const ADMIN_ROUTES: readonly Route[] = [
  ordersRoute,
  defineRoute({
    path: ORDER_PATH,
    params: { orderId: ORDER_ID },
    section: 'orders',
    render: ({ orderId }) => <OrdersPage orderId={orderId} />,
  }),
  defineRoute({
    path: BATCH_PATH,
    params: { batchId: BATCH_ID },
    section: 'orders',
    render: ({ batchId }) => <BatchPage key={batchId} batchId={batchId} />,
  }),
  defineRoute({ path: '/admin/pickup', section: 'pickup', navLabel: 'Pickup', render: () => <PickupPage /> }),
  defineRoute({ path: '/admin/import', section: 'import', navLabel: 'Import', render: () => <ImportPage /> }),
  defineRoute({ path: '/admin/products', section: 'products', navLabel: 'Products', render: () => <ProductsPage /> }),
  defineRoute({ path: '/admin/billing', section: 'billing', navLabel: 'Billing', render: () => <BillingPage /> }),
  defineRoute({
    path: '/admin/insights',
    section: 'insights',
    navLabel: 'Insights',
    render: () => (
      <Suspense fallback={<Spinner label="Loading Insights" />}>
        <InsightsPage />
      </Suspense>
    ),
  }),
  defineRoute({ path: '/admin/api-keys', section: 'api-keys', navLabel: 'API keys', render: () => <ApiKeysPage /> }),
  defineRoute({
    path: '/admin/integrations',
    section: 'integrations',
    navLabel: 'Integrations',
    render: () => <IntegrationsPage />,
  }),
  defineRoute({ path: '/admin/setup', section: 'setup', navLabel: 'Setup', render: () => <SetupPage /> }),
  defineRoute({
    path: '/admin/settings/branding',
    section: 'branding',
    navLabel: 'Branding',
    render: () => <BrandingPage />,
  }),
  defineRoute({ path: '/admin/account', section: 'account', navLabel: 'Account', render: () => <AccountPage /> }),
];

/** An unknown /admin/... URL shows the order list rather than an empty page. */
export const FALLBACK_ROUTE: Route = ordersRoute;
