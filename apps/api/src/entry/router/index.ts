import { createCallerFactory, router } from '../trpc/init';
import { apiKeysRouter } from './api-keys/router';
import { authRouter } from './auth/router';
import { eventEndpointsRouter } from './event-endpoints/router';
import { insightsRouter } from './insights/router';
import { integrationsRouter } from './integrations/router';
import { ordersRouter } from './orders/router';
import { productsRouter } from './products/router';
import { packingRouter } from './packing/router';
import { sandboxRouter } from './sandbox/router';
import { settingsRouter } from './settings/router';
import { shippingRouter } from './shipping/router';
import { trackingRouter } from './tracking/router';

export const appRouter = router({
  auth: authRouter,
  orders: ordersRouter,
  packing: packingRouter,
  shipping: shippingRouter,
  tracking: trackingRouter,
  sandbox: sandboxRouter,
  products: productsRouter,
  apiKeys: apiKeysRouter,
  eventEndpoints: eventEndpointsRouter,
  integrations: integrationsRouter,
  settings: settingsRouter,
  insights: insightsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
