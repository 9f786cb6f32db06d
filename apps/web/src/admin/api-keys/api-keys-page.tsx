import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, KeyRound } from 'lucide-react';
import { useState } from 'react';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { Callout, ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import '../orders-in.css';

/** Store API keys for the REST Orders API: made here, shown once, revoked here. */
export function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [copied, setCopied] = useState(false);
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => {
        setName('');
        setCopied(false);
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">API keys</h1>
          <p className="muted">
            Your store’s backend sends orders to <code>/api/v1/orders</code> with one of these keys. See the{' '}
            <a href="/api/v1/docs">API reference</a>.
          </p>
        </div>
      </div>
      <section className="section" aria-labelledby="new-key">
        <h2 className="section-title" id="new-key">
          New key
        </h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name });
          }}
        >
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            value={name}
            maxLength={100}
            placeholder="e.g. Storefront backend"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn btn-primary btn-sm" disabled={!name.trim() || create.isPending}>
            <KeyRound size={14} aria-hidden="true" /> Create key
          </button>
        </form>
        {create.isError && <ErrorCallout error={create.error} title="The key was not created" />}
        {create.data && (
          <Callout tone="success" title={`Key “${create.data.name}” created: copy it now, it is shown only once`}>
            <div className="setup-value">
              <code data-testid="new-api-key">{create.data.key}</code>
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-xs"
                aria-label="Copy key"
                onClick={() => void navigator.clipboard?.writeText(create.data.key).then(() => setCopied(true))}
              >
                <Copy size={13} aria-hidden="true" />
              </button>
              {copied && <span className="muted">Copied</span>}
            </div>
          </Callout>
        )}
      </section>
      <div className="card table-card">
        {keys.isPending ? (
          <LoadingBlock label="Loading keys" />
        ) : keys.isError ? (
          <div className="card-pad">
            <ErrorCallout error={keys.error} title="Keys could not be loaded" onRetry={() => void keys.refetch()} />
          </div>
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet">Create one for each system that sends orders.</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Created</th>
                <th>Last used</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-muted' : undefined}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : <span className="muted">never</span>}</td>
                  <td>
                    {k.revokedAt ? (
                      <Badge tone="neutral">Revoked</Badge>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-sm btn-secondary"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke “${k.name}”? Calls with it will be refused at once.`))
                            revoke.mutate({ id: k.id });
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
