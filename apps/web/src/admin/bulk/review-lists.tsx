import type { ReactNode } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { formatGrams } from '../../shared/format';
import { Callout } from '../ui/callout';

type Review = RouterOutputs['orders']['reviewShipMany'];

const SHOWN = 10;

/** Up to ten orders by number with what the server says about each, then "and N more". */
function OrderList<T extends { orderId: string; orderNumber: string }>({
  items,
  render,
}: {
  items: readonly T[];
  render: (item: T) => ReactNode;
}) {
  return (
    <ul className="plain-list">
      {items.slice(0, SHOWN).map((item) => (
        <li key={item.orderId}>
          <strong>{item.orderNumber}</strong>
          {render(item)}
        </li>
      ))}
      {items.length > SHOWN && <li className="subtle">and {items.length - SHOWN} more</li>}
    </ul>
  );
}

const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;

/** What the review found that the admin should know before shipping: each list as the server gave it. */
export function ReviewLists({
  review,
  preferredName,
  codOverride,
}: {
  review: Review;
  preferredName: string | null;
  /** The "ship them anyway" box for unconfirmed COD orders (shown when there are any). */
  codOverride: ReactNode;
}) {
  const { notShippable, willFail, weightFallbacks, unquoted, preferredUnavailable, addressProblems } = review;
  const { riskyCod, spoilage, courierChoices } = review;
  const { unconfirmedCod, overriddenCod } = review;
  return (
    <>
      {unconfirmedCod.length > 0 && (
        <Callout
          tone="warning"
          title={`${orders(unconfirmedCod.length)} skipped: cash on delivery not confirmed by the customer`}
        >
          <div data-testid="unconfirmed-cod">
            <OrderList items={unconfirmedCod} render={(o) => `: ${o.reason}`} />
          </div>
          {codOverride}
        </Callout>
      )}
      {overriddenCod.length > 0 && (
        <Callout tone="info" title={`${orders(overriddenCod.length)} shipped without the customer’s COD confirmation`}>
          <div data-testid="overridden-cod">
            <OrderList items={overriddenCod} render={(o) => `: ${o.reason}`} />
          </div>
          <p>Each is recorded on the order as shipped without confirmation, with your name.</p>
          {codOverride}
        </Callout>
      )}
      {riskyCod.length > 0 && (
        <Callout tone="warning" title={`${orders(riskyCod.length)} COD to a place that often returns COD`}>
          <OrderList items={riskyCod} render={(o) => `: ${o.reason}`} />
          <p>They will be booked; consider calling the customer, or asking for prepayment, first.</p>
        </Callout>
      )}
      {spoilage.length > 0 && (
        <Callout tone="error" title={`${orders(spoilage.length)} may spoil on the way`}>
          <OrderList items={spoilage} render={(o) => ` (${o.courierName}): ${o.reason}`} />
          <p>
            {review.mode === 'surface'
              ? 'Ship them Express (choose it above), or with a faster courier.'
              : 'Even Express is slow here: ship them with a faster courier, or not at all.'}
          </p>
        </Callout>
      )}
      {notShippable.length > 0 && (
        <Callout tone="warning" title={`${orders(notShippable.length)} will be skipped`}>
          <OrderList items={notShippable} render={(o) => `: ${o.reason}`} />
        </Callout>
      )}
      {willFail.length > 0 && (
        <Callout tone="error" title={`${orders(willFail.length)} will fail to book`}>
          <OrderList items={willFail} render={(o) => `: ${o.reason}`} />
          <p>Booking refuses them for these reasons; fix the order or ship it another way.</p>
        </Callout>
      )}
      {addressProblems.length > 0 && (
        <Callout
          tone={review.addressErrorCount > 0 ? 'error' : 'warning'}
          title={`${orders(review.addressProblemCount)} with an address problem${
            review.addressErrorCount > 0 ? ` (${review.addressErrorCount} serious)` : ''
          }`}
        >
          <OrderList items={addressProblems} render={(o) => `: ${o.problems.map((p) => p.message).join('; ')}`} />
          <p>They will be booked as written; check them with the customer first if the courier may not find them.</p>
        </Callout>
      )}
      {weightFallbacks.length > 0 && (
        <Callout tone="warning" title={`${orders(weightFallbacks.length)} declared at the 0.5 kg fallback`}>
          <OrderList
            items={weightFallbacks}
            render={(o) =>
              `: ${formatGrams(o.weightGrams)}${o.unparsedItems.length > 0 ? `, no weight read for ${o.unparsedItems.join(', ')}` : ''}`
            }
          />
          <p>If the courier weighs them heavier, iCarry charges the difference.</p>
        </Callout>
      )}
      {unquoted.length > 0 && (
        <Callout tone="info" title={`${orders(unquoted.length)} could not be priced`}>
          <OrderList items={unquoted} render={(o) => `: ${o.reason}`} />
          <p>They may still ship; their cost is not in the estimate.</p>
        </Callout>
      )}
      {preferredUnavailable.length > 0 && (
        <Callout
          tone="info"
          title={`${preferredName ?? 'The preferred courier'} is not offered for ${orders(preferredUnavailable.length)}`}
        >
          <OrderList items={preferredUnavailable} render={() => ''} />
          <p>They go with the cheapest courier offered instead.</p>
        </Callout>
      )}
      {courierChoices.length > 0 && (
        <details className="review-choices">
          <summary>Why each courier ({orders(courierChoices.length)})</summary>
          <ul className="plain-list">
            {courierChoices.slice(0, 50).map((c) => (
              <li key={c.orderId}>
                <strong>{c.orderNumber}</strong> {c.courierName}: {c.reason}
              </li>
            ))}
            {courierChoices.length > 50 && <li className="subtle">and {courierChoices.length - 50} more</li>}
          </ul>
        </details>
      )}
    </>
  );
}
