import { useCallback, useSyncExternalStore } from 'react';

/**
 * A router small enough to read: the panel has two URLs, `/admin` (the order list) and
 * `/admin/orders/:id` (the list with Order Details open), plus `?status=` and `?q=`.
 */
const NAVIGATE = 'app:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

export interface Route {
  page: 'orders' | 'setup' | 'products' | 'import' | 'api-keys';
  /** Set when the URL is /admin/orders/:id. */
  orderId: string | null;
  params: URLSearchParams;
}

export function parseRoute(url: string): Route {
  const parsed = new URL(url, 'http://x');
  const match = /^\/admin\/orders\/(\d{1,18})\/?$/.exec(parsed.pathname);
  const named = /^\/admin\/(setup|products|import|api-keys)\/?$/.exec(parsed.pathname)?.[1];
  const page: Route['page'] =
    named === 'setup' || named === 'products' || named === 'import' || named === 'api-keys' ? named : 'orders';
  return { page, orderId: match?.[1] ?? null, params: parsed.searchParams };
}

export function useRoute(): Route & {
  go: (
    to: { orderId?: string | null; params?: Record<string, string | undefined> },
    options?: { replace?: boolean },
  ) => void;
} {
  const url = useSyncExternalStore(subscribe, snapshot);
  const route = parseRoute(url);
  const go = useCallback(
    (
      to: { orderId?: string | null; params?: Record<string, string | undefined> },
      options: { replace?: boolean } = {},
    ) => {
      const current = parseRoute(snapshot());
      const orderId = to.orderId === undefined ? current.orderId : to.orderId;
      const params = new URLSearchParams(current.params);
      for (const [key, value] of Object.entries(to.params ?? {})) {
        if (value === undefined || value === '') params.delete(key);
        else params.set(key, value);
      }
      const query = params.toString();
      navigate(`${orderId ? `/admin/orders/${orderId}` : '/admin'}${query ? `?${query}` : ''}`, options);
    },
    [],
  );
  return { ...route, go };
}
