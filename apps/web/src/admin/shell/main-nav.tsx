import type { ReactNode } from 'react';
import { navigate } from '../router/navigation';
import type { Route } from '../router/route-table';

/** A plain link that changes the page without a reload; modified clicks still open a new tab. */
function NavLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

/** One link per route that has a `navLabel`, in table order; the current section is marked. */
export function MainNav({ id, routes, section }: { id: string; routes: readonly Route[]; section: string }) {
  return (
    <nav id={id} aria-label="Main" className="topnav">
      {routes.map((route) =>
        route.navLabel ? (
          <NavLink key={route.path} href={route.path} current={route.section === section}>
            {route.navLabel}
          </NavLink>
        ) : null,
      )}
    </nav>
  );
}
