import { navigateWith } from '../router/navigation';
import type { CodFilter } from './orders-paths';

const OPTIONS: { value: CodFilter; label: string }[] = [
  { value: 'unconfirmed', label: 'Not confirmed (any)' },
  { value: 'pending', label: 'Waiting for the customer' },
  { value: 'expired', label: 'No answer (expired)' },
  { value: 'declined', label: 'Cancelled by the customer' },
  { value: 'confirmed', label: 'Confirmed by the customer' },
];

/** The list by the customer's COD confirmation, kept in `?codConfirmation=` (the daily digest links there). */
export function CodConfirmationFilter({ value }: { value: CodFilter | undefined }) {
  return (
    <label className="cod-filter">
      COD confirmation{' '}
      <select
        value={value ?? ''}
        data-testid="cod-filter"
        onChange={(e) => navigateWith({ params: { codConfirmation: e.currentTarget.value || undefined } })}
      >
        <option value="">Any</option>
        {OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
