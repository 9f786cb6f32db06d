import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe } from '../data/me';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { Shell } from './shell';
import { SignIn } from './sign-in';

/** Nothing but the sign-in form until `auth.me` names an admin; then the shell and the page the URL asks for. */
export function AuthGate({ sessionLost }: { sessionLost: { current: () => void } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();

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
  if (!me.data.admin) return <SignIn />;
  return <Shell admin={me.data.admin} />;
}
