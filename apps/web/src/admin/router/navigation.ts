import { useMemo, useSyncExternalStore } from 'react';

/**
 * The browser's URL as a React store: `navigate()` pushes (or replaces) a history entry and every
 * `useUrl()` reader re-renders. Back and Forward arrive as `popstate`.
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

const currentUrl = () => window.location.pathname + window.location.search;

export interface NavigateOptions {
  /** Replace the current history entry (typing in a search box) instead of adding one. */
  replace?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}) {
  if (to === currentUrl()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** Path and query string of the page, e.g. `/admin/orders/12?status=shipped`. */
export function useUrl(): string {
  return useSyncExternalStore(subscribe, currentUrl);
}

/** The query string of `url` changed by `changes`: `undefined` or `''` removes a key, anything else sets it. */
export function withParams(url: string, changes: Record<string, string | undefined>): URLSearchParams {
  const params = new URL(url, 'http://x').searchParams;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  return params;
}

/**
 * Goes to `path` (default: the current one), keeping the current query string except for `params`.
 * Reads the URL at call time, so a callback made earlier never undoes a newer change.
 */
export function navigateWith(
  change: { path?: string; params?: Record<string, string | undefined> },
  options: NavigateOptions = {},
) {
  const now = currentUrl();
  const path = change.path ?? window.location.pathname;
  const query = withParams(now, change.params ?? {}).toString();
  navigate(`${path}${query ? `?${query}` : ''}`, options);
}

/** The page's query string (`?status=shipped&q=asha`), re-read when the URL changes. */
export function useSearchParams(): URLSearchParams {
  const url = useUrl();
  return useMemo(() => new URL(url, 'http://x').searchParams, [url]);
}
