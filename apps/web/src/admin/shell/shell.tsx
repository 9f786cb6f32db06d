import { Truck } from 'lucide-react';
import { useUrl } from '../router/navigation';
import { matchRoute } from '../router/route-table';
import type { SignedInAdmin } from '../data/me';
import { AccountMenu } from './account-menu';
import { ModePill } from './mode-pill';
import { MainNav } from './main-nav';
import { ADMIN_ROUTES, FALLBACK_ROUTE } from './routes';

/** The signed-in frame: top bar (brand, sections, mode, who) and the page the URL names. */
export function Shell({ admin }: { admin: SignedInAdmin }) {
  const { route, params } = matchRoute(ADMIN_ROUTES, FALLBACK_ROUTE, useUrl());
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/admin">
          <span className="brand-mark" aria-hidden="true">
            <Truck size={16} />
          </span>
          <span className="brand-name">Shipping</span>
        </a>
        <MainNav routes={ADMIN_ROUTES} section={route.section} />
        <div className="topbar-end">
          <ModePill />
          <AccountMenu admin={admin} />
        </div>
      </header>
      <main className="main">{route.render(params)}</main>
    </div>
  );
}
