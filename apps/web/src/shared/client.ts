import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from './api';

/** The tRPC client both pages use; the admin wraps it in TanStack Query, the tracking page calls it directly. */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        // The API refuses batches of more than 10 calls (MAX_BATCH_SIZE in apps/api/src/app.ts).
        maxItems: 10,
        // The session cookie is same-origin only. httpBatchLink sends content-type: application/json on POST.
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}
