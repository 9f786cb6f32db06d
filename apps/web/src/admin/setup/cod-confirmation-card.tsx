import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { errorInfo, fieldError } from '../../shared/errors';
import { useTRPC } from '../data/trpc';
import { Callout, ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';

type Policy = RouterOutputs['settings']['codConfirmation']['get'];
type Kind = Policy['kind'];

function rupeesOf(policy: Policy): string {
  return policy.abovePaise === null ? '' : String(policy.abovePaise / 100);
}

/**
 * Setup > COD confirmation: which cash-on-delivery orders the customer is asked to confirm on
 * WhatsApp and by email before booking. The server checks and stores the choice (it wins over
 * COD_CONFIRMATION); the card writes it as the API takes it (off, all, above:<rupees>, risky).
 */
export function CodConfirmationCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const current = useQuery(trpc.settings.codConfirmation.get.queryOptions());
  const [kind, setKind] = useState<Kind | null>(null);
  const [rupees, setRupees] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.codConfirmation.update.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.settings.codConfirmation.get.queryKey(), data);
        setKind(null);
        setRupees(null);
      },
    }),
  );

  if (current.isPending) return <Spinner label="Loading COD confirmation" />;
  if (current.isError)
    return (
      <ErrorCallout
        error={current.error}
        title="COD confirmation could not load"
        onRetry={() => void current.refetch()}
      />
    );
  const data = current.data;
  const chosen = kind ?? data.kind;
  const amount = rupees ?? rupeesOf(data);

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate({ policy: chosen === 'above' ? `above:${amount.trim()}` : chosen });
  }

  const option = (value: Kind, label: string, hint?: string) => (
    <label className="cod-policy-option">
      <input
        type="radio"
        name={`${id}-kind`}
        value={value}
        checked={chosen === value}
        onChange={() => {
          setKind(value);
          save.reset();
        }}
      />{' '}
      <span>
        {label}
        {hint && <span className="muted"> · {hint}</span>}
      </span>
    </label>
  );

  return (
    <form
      className="section"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="cod-confirmation-card"
    >
      <h2 className="section-title" id={`${id}-title`}>
        COD confirmation
      </h2>
      <p className="section-lead muted setup-lead">
        Ask the customer to confirm a cash-on-delivery order (WhatsApp buttons, and an email link) before it is booked.
        Unconfirmed orders wait in Processing; bulk ship skips them.
      </p>
      {save.isSuccess && (
        <Callout tone="success" title="COD confirmation saved">
          <p>It applies to orders that come in from now on.</p>
        </Callout>
      )}
      {save.isError && (
        <p className="form-error" role="alert">
          {fieldError(errorInfo(save.error), 'policy') ?? errorInfo(save.error).message}
        </p>
      )}
      <fieldset className="cod-policy">
        <legend className="visually-hidden">Which COD orders to confirm</legend>
        {option('off', 'Off', 'no order is asked')}
        {option('all', 'Every COD order')}
        <div className="cod-policy-above">
          {option('above', 'COD orders above an amount')}
          <label className="cod-policy-amount">
            <span className="visually-hidden">Amount in rupees</span>₹{' '}
            <input
              type="text"
              inputMode="decimal"
              value={amount}
              disabled={chosen !== 'above'}
              placeholder="1500"
              aria-label="Amount in rupees"
              onChange={(e) => {
                setRupees(e.currentTarget.value);
                save.reset();
              }}
            />
          </label>
        </div>
        {option(
          'risky',
          'Only COD orders to risky pincodes',
          `where more than ${data.riskPercent}% of your COD parcels came back`,
        )}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      <p className="muted setup-note" data-testid="cod-confirmation-hours">
        A request waits {data.hours} hours for an answer (COD_CONFIRMATION_HOURS), then counts as expired and the daily
        digest lists it.{' '}
        {data.setBy === 'env'
          ? 'Now set by the COD_CONFIRMATION variable; saving here overrides it.'
          : 'Saved here (overrides COD_CONFIRMATION).'}
      </p>
    </form>
  );
}
