import { X } from 'lucide-react';
import type { RouterInputs } from '../../shared/api';
import { navigateWith, useSearchParams } from '../router/navigation';
import './closed-filter.css';

type ClosedInput = NonNullable<RouterInputs['orders']['list']['closed']>;

const OUTCOMES = ['closed', 'delivered', 'rto', 'lost', 'ndr'] as const;
const OUTCOME_LABEL: Record<ClosedInput['outcome'], string> = {
  closed: 'Closed parcels',
  delivered: 'Delivered parcels',
  rto: 'Parcels returned to origin (RTO)',
  lost: 'Lost parcels',
  ndr: 'Closed parcels that had a failed delivery (NDR)',
};
const KEYS = ['closed', 'pincode', 'state', 'payment', 'courier', 'week'] as const;

/** The Insights page's links (`?closed=rto&pincode=...`): the orders one figure counts, as the list's input. */
export function useClosedFilter(): ClosedInput | undefined {
  const params = useSearchParams();
  const outcome = OUTCOMES.find((o) => o === params.get('closed'));
  if (!outcome) return undefined;
  const payment = params.get('payment');
  const text = (key: string) => params.get(key) || undefined;
  return {
    outcome,
    pincode: text('pincode'),
    state: text('state'),
    payment: payment === 'cod' || payment === 'prepaid' ? payment : undefined,
    courier: text('courier'),
    week: text('week'),
  };
}

/** Says which Insights figure the list is showing, with a way back to the whole list. */
export function ClosedFilterBanner({ filter }: { filter: ClosedInput }) {
  const parts = [
    filter.pincode && `pincode ${filter.pincode}`,
    filter.state,
    filter.payment && (filter.payment === 'cod' ? 'COD' : 'Prepaid'),
    filter.courier && `courier ${filter.courier}`,
    filter.week && `closed in the week of ${filter.week}`,
  ].filter(Boolean);
  return (
    <p className="closed-filter" role="status" data-testid="closed-filter">
      <span>
        From Insights: <strong>{OUTCOME_LABEL[filter.outcome]}</strong>
        {parts.length > 0 && ` · ${parts.join(' · ')}`}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => navigateWith({ params: Object.fromEntries(KEYS.map((k) => [k, undefined])) })}
      >
        <X size={14} aria-hidden="true" /> Clear
      </button>
    </p>
  );
}
