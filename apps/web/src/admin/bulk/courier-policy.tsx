import { useId } from 'react';
import type { RouterOutputs } from '../../shared/api';
import type { CourierPolicy } from './selection-input';

type ReviewCourier = RouterOutputs['orders']['reviewShipMany']['couriers'][number];

/** Cheapest per order, or one preferred courier from those the review found offered (each change is re-reviewed). */
export function CourierPolicyPicker({
  policy,
  couriers,
  shippable,
  onChange,
  disabled,
}: {
  policy: CourierPolicy;
  couriers: readonly ReviewCourier[];
  shippable: number;
  onChange: (policy: CourierPolicy) => void;
  disabled: boolean;
}) {
  const id = useId();
  const preferred = policy === 'cheapest' ? null : policy.courierId;
  const first = couriers[0];
  return (
    <fieldset className="policy" disabled={disabled}>
      <legend>Courier</legend>
      <label className="choice">
        <input type="radio" name={`${id}-policy`} checked={preferred === null} onChange={() => onChange('cheapest')} />
        <span>
          <strong>Cheapest for each order</strong>
          <span className="subtle">Each parcel goes with the lowest price iCarry quotes for it.</span>
        </span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-policy`}
          checked={preferred !== null}
          disabled={!first}
          onChange={() => first && onChange({ courierId: first.courierId })}
        />
        <span>
          <strong>Preferred courier</strong>
          <span className="subtle">
            {first ? 'One courier for the pickup; the cheapest where it is not offered.' : 'No courier was quoted.'}
          </span>
        </span>
      </label>
      {preferred !== null && (
        <div className="field">
          <label htmlFor={`${id}-courier`}>Preferred courier</label>
          <select id={`${id}-courier`} value={preferred} onChange={(e) => onChange({ courierId: e.target.value })}>
            {couriers.map((c) => (
              <option key={c.courierId} value={c.courierId}>
                {c.courierName}: offered for {c.orders} of {shippable}, cheapest for {c.cheapestFor}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}
