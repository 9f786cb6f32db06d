import { formatDateTime, formatGrams } from '../../shared/format';
import type { Shipment } from '../data/order-queries';
import { Callout } from '../ui/callout';

/** What the courier measured against what was declared; iCarry may bill the difference. */
export function WeightDiscrepancy({ discrepancy }: { discrepancy: NonNullable<Shipment['weightDiscrepancy']> }) {
  const { oldWeightGrams, newWeightGrams, oldDimensions, newDimensions } = discrepancy;
  const extra = oldWeightGrams !== null && newWeightGrams !== null ? newWeightGrams - oldWeightGrams : null;
  return (
    <Callout tone="warning" title="Weight discrepancy reported by the courier">
      <p>
        Declared {oldWeightGrams !== null ? formatGrams(oldWeightGrams) : 'unknown'}, courier measured{' '}
        <strong>{newWeightGrams !== null ? formatGrams(newWeightGrams) : 'unknown'}</strong>
        {extra !== null && extra > 0 ? ` (${formatGrams(extra)} more)` : ''}.
        {(oldDimensions || newDimensions) && ` Dimensions ${oldDimensions ?? '?'} → ${newDimensions ?? '?'}.`}
      </p>
      <p className="subtle">
        Reported {formatDateTime(discrepancy.reportedAt)}. iCarry may charge the difference; dispute it in the iCarry
        panel if the product weights are right.
      </p>
    </Callout>
  );
}
