import { Menu, Truck, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useUrl } from '../router/navigation';
import { matchRoute } from '../router/route-table';
import type { SignedInAdmin } from '../data/me';
import { AccountMenu } from './account-menu';
import { ModePill } from './mode-pill';
import { MainNav } from './main-nav';
import { ADMIN_ROUTES, FALLBACK_ROUTE } from './routes';

const NAV_ID = 'main-nav';

/**
 * The signed-in frame: top bar (brand, sections, mode, who) and the page the URL names. Below the
 * width where every section fits in one row (CSS decides), the sections sit behind a Menu button
 * and open as a panel under the bar; choosing one, Escape, or a tap outside closes it.
 */
export function Shell({ admin }: { admin: SignedInAdmin }) {
  const url = useUrl();
  const { route, params } = matchRoute(ADMIN_ROUTES, FALLBACK_ROUTE, url);
  const [menuOpen, setMenuOpen] = useState(false);
  const header = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  // A new page closes the menu.
  useEffect(() => setMenuOpen(false), [url]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !header.current?.contains(event.target)) setMenuOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [menuOpen]);

  return (
    <div className="shell">
      <header ref={header} className={`topbar${menuOpen ? ' menu-open' : ''}`}>
        <button
          ref={menuButton}
          type="button"
          className="btn btn-ghost btn-icon menu-button"
          aria-expanded={menuOpen}
          aria-controls={NAV_ID}
          aria-label="Menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? <X size={20} aria-hidden="true" /> : <Menu size={20} aria-hidden="true" />}
        </button>
        <a className="brand" href="/admin">
          <span className="brand-mark" aria-hidden="true">
            <Truck size={16} />
          </span>
          <span className="brand-name">Shipping</span>
        </a>
        <MainNav id={NAV_ID} routes={ADMIN_ROUTES} section={route.section} />
        <div className="topbar-end">
          <ModePill />
          <AccountMenu admin={admin} />
        </div>
      </header>
      <main className="main">{route.render(params)}</main>
    </div>
  );
}
