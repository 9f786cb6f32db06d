import { Scale } from 'lucide-react';
import { formatGrams } from '../../shared/format';
import type { OrderDetail } from '../data/order-queries';
import { Callout } from '../ui/callout';
import { Section } from '../ui/section';

export function ParcelSection({ detail }: { detail: OrderDetail }) {
  const { parcel, shipment, shipping } = detail;
  // Once booked, the weight is what was declared to iCarry; before, what would be declared now.
  const declared = shipping.panel === 'booked' ? shipment : null;
  const grams = declared?.weightGrams ?? parcel.weightGrams;
  const fallback = declared ? declared.weightFallback : parcel.usedFallback;
  return (
    <Section title="Parcel">
      <div className="parcel">
        <span className="parcel-icon" aria-hidden="true">
          <Scale size={18} />
        </span>
        <div>
          <p className="parcel-weight">
            {formatGrams(grams)}
            <span className="muted">
              {' '}
              · {parcel.lengthCm} × {parcel.breadthCm} × {parcel.heightCm} cm
              {parcel.boxSource === 'order' ? ' (the box the order gives)' : ' (the store’s default box)'}
            </span>
          </p>
          <p className="muted">
            {declared
              ? 'Declared to iCarry when booking.'
              : 'Computed from the product weights; this is what iCarry is quoted and booked with.'}
          </p>
        </div>
      </div>
      {fallback && (
        <Callout tone="warning" title="Weight is a guess: 0.5 kg fallback">
          <p data-testid="weight-rule">{parcel.weightRule}</p>
          <p>If the courier weighs it heavier, iCarry charges the difference.</p>
        </Callout>
      )}
      {!fallback && parcel.unparsedItems.length > 0 && (
        <Callout tone="warning" title="Some item weights could not be read">
          <ul className="plain-list">
            {parcel.unparsedItems.map((item, i) => (
              <li key={`${item.sku ?? ''}-${i}`}>
                <strong>{item.name ?? item.sku ?? 'Item'}</strong>: “{item.weightText ?? 'no weight'}”, {item.reason}
              </li>
            ))}
          </ul>
          <p data-testid="weight-rule">{parcel.weightRule}</p>
          <p>Set a weight such as “500g” or “1kg” on the product.</p>
        </Callout>
      )}
      {fallback && parcel.unparsedItems.length > 0 && (
        <ul className="plain-list muted">
          {parcel.unparsedItems.map((item, i) => (
            <li key={`${item.sku ?? ''}-${i}`}>
              {item.name ?? item.sku ?? 'Item'}: “{item.weightText ?? 'no weight'}”, {item.reason}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
