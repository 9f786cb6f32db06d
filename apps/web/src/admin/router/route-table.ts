import type { ReactNode } from 'react';

/**
 * The admin's URLs as data: each route is a path pattern (`/admin/orders/:orderId`), optional
 * checks on its parameters, the nav section it belongs to and what it renders. A new page is one
 * more entry in the table (src/admin/shell/routes.tsx) and, when it has a nav label, one more tab.
 */

/** `'/admin/orders/:orderId'` -> `'orderId'`. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<Path extends string> = { [Name in ParamNames<Path>]: string };

export interface RouteDefinition<Path extends string = string> {
  path: Path;
  /** A parameter whose value fails its pattern makes the route not match (e.g. ids are digits). */
  params?: { [Name in ParamNames<Path>]?: RegExp };
  /** The top-bar entry this route lights up; routes of one section share it. */
  section: string;
  /** Set on the one route per section that the top bar links to. */
  navLabel?: string;
  render: (params: PathParams<Path>) => ReactNode;
}

/** A route with its parameter names erased, so routes of different paths sit in one table. */
export interface Route {
  path: string;
  params?: Partial<Record<string, RegExp>>;
  section: string;
  navLabel?: string;
  render: (params: Record<string, string>) => ReactNode;
}

/** Checks `render`'s parameters against the path's `:names` at compile time. */
export function defineRoute<const Path extends string>(route: RouteDefinition<Path>): Route {
  return route as unknown as Route;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  search: URLSearchParams;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The parameters of `pathname` under `pattern`, or null when it does not match. A trailing slash is allowed. */
export function matchPath(pattern: Route, pathname: string): Record<string, string> | null {
  const want = splitPath(pattern.path);
  const got = splitPath(pathname);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const value = got[index] ?? '';
    if (!segment.startsWith(':')) {
      if (segment !== value) return null;
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return null;
    }
    const name = segment.slice(1);
    const check = pattern.params?.[name];
    if (check && !check.test(decoded)) return null;
    params[name] = decoded;
  }
  return params;
}

/** The first route that matches `url` (path and query), else `fallback` with no parameters. */
export function matchRoute(routes: readonly Route[], fallback: Route, url: string): RouteMatch {
  const parsed = new URL(url, 'http://x');
  for (const route of routes) {
    const params = matchPath(route, parsed.pathname);
    if (params) return { route, params, search: parsed.searchParams };
  }
  return { route: fallback, params: {}, search: parsed.searchParams };
}

/** `buildPath('/admin/orders/:orderId', { orderId: '12' })` -> `/admin/orders/12`. */
export function buildPath<const Path extends string>(path: Path, params: PathParams<Path>): string {
  const values: Record<string, string> = params;
  return path.replace(/:([A-Za-z]\w*)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
