import type { RouterOutputs } from '../../shared/api';
import { formatDateTime, formatGrams, formatPaise } from '../../shared/format';
import { orderHref } from '../router/order-links';
import { AppLink } from '../ui/app-link';
import { Badge, ShipmentStatusBadge } from '../ui/badge';

type Pickup = RouterOutputs['packing']['pickup'];

/** The manifest's totals by courier, as the server summed them, with the day's total below. */
export function CourierTotals({ summary }: { summary: Pickup['summary'] }) {
  return (
    <div className="card table-card">
      <h2 className="table-title" id="pickup-couriers">
        By courier
      </h2>
      <div className="table-scroll">
        <table className="table" aria-labelledby="pickup-couriers">
          <thead>
            <tr>
              <th scope="col">Courier</th>
              <th scope="col" className="num">
                Parcels
              </th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col" className="num">
                COD parcels
              </th>
              <th scope="col" className="num">
                COD to collect
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.couriers.map((c) => (
              <tr key={c.courierName} data-courier={c.courierName}>
                <td>
                  <strong>{c.courierName}</strong>
                </td>
                <td className="num">{c.count}</td>
                <td className="num">{formatGrams(c.weightGrams)}</td>
                <td className="num">{c.codCount}</td>
                <td className="num">{formatPaise(c.codPaise)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All couriers</th>
              <td className="num">{summary.count}</td>
              <td className="num">{formatGrams(summary.weightGrams)}</td>
              <td className="num">{summary.codCount}</td>
              <td className="num">{formatPaise(summary.codPaise)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

/** Every parcel on the sheet; those whose label was never printed are highlighted. */
export function PickupParcels({ shipments }: { shipments: Pickup['shipments'] }) {
  return (
    <div className="card table-card">
      <h2 className="table-title" id="pickup-parcels">
        Parcels
      </h2>
      <div className="table-scroll">
        <table className="table pickup-table" aria-labelledby="pickup-parcels">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">AWB</th>
              <th scope="col">Courier</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col">Payment</th>
              <th scope="col">Status</th>
              <th scope="col">Label</th>
            </tr>
          </thead>
          <tbody>
            {shipments.map((s) => (
              <tr key={s.shipmentId} data-order={s.orderNumber} className={s.labelPrinted ? undefined : 'is-unprinted'}>
                <td>
                  <AppLink href={orderHref(s.orderId)} className="link order-number">
                    {s.orderNumber}
                  </AppLink>
                </td>
                <td className="mono">{s.awb}</td>
                <td>{s.courierName}</td>
                <td>
                  {s.consigneeCity} <span className="mono subtle">{s.consigneePincode}</span>
                </td>
                <td className="num">{formatGrams(s.weightGrams)}</td>
                <td>
                  {s.paymentMethod === 'cod' ? (
                    <Badge tone="amber">COD {formatPaise(s.codAmountPaise)}</Badge>
                  ) : (
                    <Badge tone="neutral">Prepaid</Badge>
                  )}
                </td>
                <td>
                  <ShipmentStatusBadge status={s.status} />
                </td>
                <td>
                  {s.labelPrintedAt ? (
                    <span className="subtle">Printed {formatDateTime(s.labelPrintedAt)}</span>
                  ) : (
                    <Badge tone="red">Not printed</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
