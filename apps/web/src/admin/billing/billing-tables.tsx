import type { RouterOutputs } from '../../shared/api';
import { formatGrams, formatPaise } from '../../shared/format';
import { orderHref } from '../router/order-links';
import { AppLink } from '../ui/app-link';
import { Badge } from '../ui/badge';
import { formatDifference, formatMonth } from './billing-format';

type Report = RouterOutputs['packing']['billingReport'];

function Difference({ paise }: { paise: number | null }) {
  if (paise === null) return <span className="subtle">no quote</span>;
  return <span className={paise > 0 ? 'tone-red-text' : undefined}>{formatDifference(paise)}</span>;
}

/** Quoted vs billed per month and courier, as the server summed them, with the range's totals. */
export function BillingSummary({ report }: { report: Report }) {
  const { months, totals } = report;
  return (
    <div className="card table-card">
      <h2 className="table-title" id="billing-summary">
        Quoted vs billed
      </h2>
      <div className="table-scroll">
        <table className="table" aria-labelledby="billing-summary">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Courier</th>
              <th scope="col" className="num">
                Billed parcels
              </th>
              <th scope="col" className="num">
                Quoted
              </th>
              <th scope="col" className="num">
                Billed
              </th>
              <th scope="col" className="num">
                Difference
              </th>
              <th scope="col" className="num">
                Flagged
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((row) => (
              <tr key={`${row.month}|${row.courierName}`}>
                <td className="nowrap">{formatMonth(row.month)}</td>
                <td>{row.courierName}</td>
                <td className="num">
                  {row.shipments}
                  {row.quotedShipments < row.shipments && (
                    <span className="subtle" title="Parcels with a quote to compare with">
                      {' '}
                      ({row.quotedShipments} quoted)
                    </span>
                  )}
                </td>
                <td className="num">{formatPaise(row.quotedPaise)}</td>
                <td className="num">{formatPaise(row.billedPaise)}</td>
                <td className="num">
                  <Difference paise={row.differencePaise} />
                </td>
                <td className="num">{row.flagged > 0 ? <Badge tone="red">{row.flagged}</Badge> : 0}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num">{totals.shipments}</td>
              <td className="num">{formatPaise(totals.quotedPaise)}</td>
              <td className="num">{formatPaise(totals.billedPaise)}</td>
              <td className="num">
                <Difference paise={totals.differencePaise} />
              </td>
              <td className="num">{totals.flagged}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

/** Bills that differ from the quote beyond the tolerance, with the courier's disputed weight when it sent one. */
export function FlaggedBills({ flagged }: { flagged: Report['flagged'] }) {
  return (
    <div className="card table-card">
      <h2 className="table-title" id="billing-flagged">
        Flagged differences
      </h2>
      <div className="table-scroll">
        <table className="table" aria-labelledby="billing-flagged">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">AWB</th>
              <th scope="col">Courier</th>
              <th scope="col" className="num">
                Quoted
              </th>
              <th scope="col" className="num">
                Billed
              </th>
              <th scope="col" className="num">
                Difference
              </th>
              <th scope="col">Weight: declared → billed</th>
              <th scope="col">Courier’s disputed weight</th>
              <th scope="col">Billed on</th>
            </tr>
          </thead>
          <tbody>
            {flagged.map((f) => (
              <tr key={f.shipmentId} data-order={f.orderNumber}>
                <td>
                  <AppLink href={orderHref(f.orderId)} className="link order-number">
                    {f.orderNumber}
                  </AppLink>
                  {f.direction === 'return' && (
                    <>
                      {' '}
                      <Badge tone="blue">Return</Badge>
                    </>
                  )}
                </td>
                <td className="mono">{f.awb ?? '—'}</td>
                <td>{f.courierName ?? '—'}</td>
                <td className="num">{f.quotedCostPaise === null ? '—' : formatPaise(f.quotedCostPaise)}</td>
                <td className="num">{formatPaise(f.billedPaise)}</td>
                <td className="num">
                  <Difference paise={f.differencePaise} />
                </td>
                <td className="nowrap">
                  {formatGrams(f.declaredWeightGrams)} →{' '}
                  {f.billedWeightGrams === null ? '?' : formatGrams(f.billedWeightGrams)}
                </td>
                <td>
                  {f.disputedWeightGrams === null ? (
                    <span className="subtle">none reported</span>
                  ) : (
                    formatGrams(f.disputedWeightGrams)
                  )}
                </td>
                <td className="nowrap">{f.billedOn ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
