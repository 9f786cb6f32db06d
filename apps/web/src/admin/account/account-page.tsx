import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { ChangePasswordForm } from './change-password-form';

/** Your account: recent sign-ins (so a stranger's shows), the sessions still open, and your password. */
export function AccountPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.auth.account.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.auth.account.queryFilter());
  const endOthers = useMutation(trpc.auth.endOtherSessions.mutationOptions({ onSuccess: () => void refresh() }));
  if (account.isPending) return <Spinner label="Loading your account" />;
  if (account.isError) {
    return (
      <ErrorCallout error={account.error} title="Your account could not load" onRetry={() => void account.refetch()} />
    );
  }
  const { email, recentSignIns, sessions, minPasswordLength } = account.data;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Account</h1>
          <p className="muted">{email}</p>
        </div>
      </div>
      <div className="setup-grid">
        <section className="section" aria-labelledby="account-sign-ins">
          <h2 className="section-title" id="account-sign-ins">
            Recent sign-ins
          </h2>
          <p className="section-lead muted">If one of these was not you, change your password.</p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Network</th>
                <th scope="col">Browser</th>
              </tr>
            </thead>
            <tbody>
              {recentSignIns.map((s) => (
                <tr key={`${s.signedInAt}-${s.client}`}>
                  <td>{formatDateTime(s.signedInAt)}</td>
                  <td className="mono">{s.client}</td>
                  <td>{s.userAgent ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted setup-note">
            {sessions.length} open session{sessions.length === 1 ? '' : 's'} (this one included).{' '}
            {others > 0 && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => endOthers.mutate()}
                disabled={endOthers.isPending}
              >
                Sign out the other {others}
              </button>
            )}
          </p>
          {endOthers.isError && <ErrorCallout error={endOthers.error} title="Could not sign out the other sessions" />}
        </section>
        <section className="section">
          <ChangePasswordForm minLength={minPasswordLength} onChanged={() => void refresh()} />
        </section>
      </div>
    </div>
  );
}
