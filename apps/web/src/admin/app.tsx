import { QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FlaskConical, LogOut, Truck } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RouterOutputs } from '../shared/api';
import { createClient, createQueryClient, TRPCProvider, useTRPC } from './trpc';
import { OrdersPage } from './orders-page';
import { navigate, useRoute } from './router';
import { ApiKeysPage } from './api-keys/api-keys-page';
import { ImportPage } from './import/import-page';
import { ProductsPage } from './products/products-page';
import { SetupPage } from './setup-page';
import { SignIn } from './sign-in';
import { ErrorCallout, Spinner } from './ui';

export type Me = RouterOutputs['auth']['me'];
export type Mode = Me['mode'];

export function App() {
  // Any call that finds the session gone sends the panel back to the sign-in form.
  const sessionLost = useRef<() => void>(() => undefined);
  const [queryClient] = useState(() => createQueryClient(() => sessionLost.current()));
  const [trpcClient] = useState(createClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate sessionLost={sessionLost} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function AuthGate({ sessionLost }: { sessionLost: { current: () => void } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));

  useEffect(() => {
    sessionLost.current = () => void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  }, [queryClient, sessionLost, trpc]);

  if (me.isPending) {
    return (
      <div className="splash" role="status">
        <Spinner size={20} /> <span>Loading…</span>
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="splash">
        <div className="splash-card">
          <ErrorCallout error={me.error} title="The admin panel could not start" onRetry={() => void me.refetch()} />
        </div>
      </div>
    );
  }
  if (!me.data.admin) return <SignIn mode={me.data.mode} />;
  return (
    <Shell me={me.data} admin={me.data.admin}>
      <Page mode={me.data.mode} />
    </Shell>
  );
}

function Page({ mode }: { mode: Mode }) {
  const route = useRoute();
  if (route.page === 'products') return <ProductsPage />;
  if (route.page === 'import') return <ImportPage />;
  if (route.page === 'api-keys') return <ApiKeysPage />;
  return route.page === 'setup' ? <SetupPage /> : <OrdersPage mode={mode} />;
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

function Shell({ me, admin, children }: { me: Me; admin: NonNullable<Me['admin']>; children: ReactNode }) {
  const route = useRoute();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/admin">
          <span className="brand-mark" aria-hidden="true">
            <Truck size={16} />
          </span>
          <span className="brand-name">Shipping</span>
        </a>
        <nav aria-label="Main" className="topnav">
          <NavLink href="/admin" current={route.page === 'orders'}>
            Orders
          </NavLink>
          <NavLink href="/admin/import" current={route.page === 'import'}>
            Import
          </NavLink>
          <NavLink href="/admin/products" current={route.page === 'products'}>
            Products
          </NavLink>
          <NavLink href="/admin/api-keys" current={route.page === 'api-keys'}>
            API keys
          </NavLink>
          <NavLink href="/admin/setup" current={route.page === 'setup'}>
            Setup
          </NavLink>
        </nav>
        <div className="topbar-end">
          {me.mode === 'sandbox' ? (
            <span className="mode-pill mode-sandbox" title="iCarry sandbox: nothing is booked with a real courier">
              <FlaskConical size={13} aria-hidden="true" /> Sandbox
            </span>
          ) : (
            <span className="mode-pill mode-live" title="Bookings go to your iCarry account">
              Live
            </span>
          )}
          <span className="who" title={admin.email}>
            <span className="avatar" aria-hidden="true">
              {(admin.name || admin.email).slice(0, 1).toUpperCase()}
            </span>
            <span className="who-name">{admin.name || admin.email}</span>
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            <LogOut size={14} aria-hidden="true" /> Sign out
          </button>
        </div>
      </header>
      <main className="main">{children}</main>
    </div>
  );
}
