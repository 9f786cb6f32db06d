import { useMutation, useQuery } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';
import { useId, useState } from 'react';
import { useRefreshOrder } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';

/**
 * Sandbox only: make the simulated courier move, fail a delivery or re-weigh the parcel. The
 * sandbox then sends real webhooks, so the order changes the way it would in production.
 */
export function SandboxControls({ orderId, parcelGrams }: { orderId: string; parcelGrams: number }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const id = useId();
  const ndrCodes = useQuery(trpc.sandbox.ndrCodes.queryOptions(undefined, { staleTime: Infinity }));
  const [ndr, setNdr] = useState('');
  const [grams, setGrams] = useState(String(parcelGrams + 500));
  const [done, setDone] = useState<string | null>(null);
  const after = (text: string) => ({
    onMutate: () => setDone(null),
    onSuccess: () => {
      setDone(text);
      void refresh();
    },
  });
  const advance = useMutation(
    trpc.sandbox.advance.mutationOptions(after('Status advanced: the webhook lands in a moment.')),
  );
  const raiseNdr = useMutation(
    trpc.sandbox.raiseNdr.mutationOptions(after('NDR raised: the failure reason lands in the notes in a moment.')),
  );
  const reportWeight = useMutation(
    trpc.sandbox.reportWeight.mutationOptions(
      after('Weight reported: the discrepancy shows on the shipment in a moment.'),
    ),
  );
  const busy = advance.isPending || raiseNdr.isPending || reportWeight.isPending;
  const error = advance.error ?? raiseNdr.error ?? reportWeight.error;
  const selectedNdr = ndr || ndrCodes.data?.[0]?.code || '';
  const gramsValue = Number(grams);

  return (
    <section className="section sandbox" aria-labelledby={`${id}-title`}>
      <header className="section-header">
        <h3 id={`${id}-title`} className="section-title">
          <FlaskConical size={15} aria-hidden="true" /> Sandbox courier
        </h3>
      </header>
      <p className="muted section-lead">Play the courier’s part. The sandbox sends real webhooks.</p>
      <div className="sandbox-grid">
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          onClick={() => advance.mutate({ orderId })}
          disabled={busy}
        >
          {advance.isPending && <Spinner />} Advance status
        </button>
        <div className="inline-field">
          <label htmlFor={`${id}-ndr`}>NDR reason</label>
          <div className="inline-row">
            <select
              id={`${id}-ndr`}
              value={selectedNdr}
              onChange={(e) => setNdr(e.target.value)}
              disabled={busy || !ndrCodes.data?.length}
            >
              {ndrCodes.isPending && <option>Loading…</option>}
              {ndrCodes.data?.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.text}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => raiseNdr.mutate({ orderId, type: selectedNdr })}
              disabled={busy || !selectedNdr}
            >
              {raiseNdr.isPending && <Spinner />} Raise NDR
            </button>
          </div>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-grams`}>Courier-measured weight (g)</label>
          <div className="inline-row">
            <input
              id={`${id}-grams`}
              type="number"
              min={1}
              max={100000}
              step={10}
              value={grams}
              onChange={(e) => setGrams(e.target.value)}
              disabled={busy}
            />
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => reportWeight.mutate({ orderId, newWeightGrams: gramsValue })}
              disabled={busy || !Number.isInteger(gramsValue) || gramsValue < 1 || gramsValue > 100_000}
            >
              {reportWeight.isPending && <Spinner />} Report weight
            </button>
          </div>
        </div>
      </div>
      {error && <ErrorCallout error={error} />}
      {done && !error && (
        <p className="subtle" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
