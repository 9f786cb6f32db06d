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
  const preferred = typeof policy === 'string' ? null : policy.courierId;
  const first = couriers[0];
  return (
    <fieldset className="policy" disabled={disabled}>
      <legend>Courier</legend>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-policy`}
          checked={policy === 'cheapest'}
          onChange={() => onChange('cheapest')}
        />
        <span>
          <strong>Cheapest for each order</strong>
          <span className="subtle">Each parcel goes with the lowest price iCarry quotes for it.</span>
        </span>
      </label>
      <label className="choice">
        <input type="radio" name={`${id}-policy`} checked={policy === 'best'} onChange={() => onChange('best')} />
        <span>
          <strong>Best delivery record</strong>
          <span className="subtle">
            The courier that delivered most of this store&apos;s parcels there, within the allowance over the cheapest
            set on Setup; the cheapest where there is too little history.
          </span>
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

export type ShipmentMode = 'surface' | 'express';

/** Surface (default) or Express for the whole batch; Express is suggested when perishables would spoil. */
export function ModePicker({
  mode,
  onChange,
  disabled,
  spoiling,
}: {
  mode: ShipmentMode;
  onChange: (mode: ShipmentMode) => void;
  disabled: boolean;
  spoiling: number;
}) {
  const id = useId();
  return (
    <fieldset className="policy" disabled={disabled}>
      <legend>Mode</legend>
      <label className="choice">
        <input type="radio" name={`${id}-mode`} checked={mode === 'surface'} onChange={() => onChange('surface')} />
        <span>
          <strong>Surface</strong>
          <span className="subtle">By road: cheaper, slower.</span>
        </span>
      </label>
      <label className="choice">
        <input type="radio" name={`${id}-mode`} checked={mode === 'express'} onChange={() => onChange('express')} />
        <span>
          <strong>Express</strong>
          <span className="subtle">
            {spoiling > 0 && mode === 'surface'
              ? `Faster: offered because ${spoiling} perishable parcel${spoiling === 1 ? '' : 's'} may spoil by surface.`
              : 'By air where the courier flies: faster, dearer.'}
          </span>
        </span>
      </label>
    </fieldset>
  );
}
