import { formatPaise } from '../../shared/format';
import type { OrderDetail } from '../data/order-queries';
import { Section } from '../ui/section';

export function ItemsSection({ detail }: { detail: OrderDetail }) {
  const { order, items } = detail;
  return (
    <Section title={`Items (${items.reduce((n, i) => n + i.quantity, 0)})`}>
      <table className="table items-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Weight</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>
                <span className="item-name">{item.name}</span>
                <span className="subtle mono item-sku">{item.sku}</span>
              </td>
              <td>{item.weightText ?? <span className="subtle">not set</span>}</td>
              <td className="num">
                {item.quantity} × {formatPaise(item.unitPricePaise)}
              </td>
              <td className="num">{formatPaise(item.lineTotalPaise)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className="num">{formatPaise(order.subtotalPaise)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Shipping
            </th>
            <td className="num">{order.shippingPaise ? formatPaise(order.shippingPaise) : 'Free'}</td>
          </tr>
          {order.feesPaise > 0 && (
            <tr>
              <th scope="row" colSpan={3}>
                Fees and other charges
              </th>
              <td className="num">{formatPaise(order.feesPaise)}</td>
            </tr>
          )}
          {order.discountPaise > 0 && (
            <tr>
              <th scope="row" colSpan={3}>
                Discount
              </th>
              <td className="num">−{formatPaise(order.discountPaise)}</td>
            </tr>
          )}
          <tr className="total-row">
            <th scope="row" colSpan={3}>
              Total {order.paymentMethod === 'cod' ? '' : '(paid online)'}
              {order.taxPaise > 0 && <span className="subtle"> incl. {formatPaise(order.taxPaise)} tax</span>}
            </th>
            <td className="num">{formatPaise(order.totalPaise)}</td>
          </tr>
          {order.paymentMethod === 'cod' && (
            <tr className="total-row">
              <th scope="row" colSpan={3}>
                Collect on delivery
              </th>
              <td className="num">{formatPaise(order.codAmountPaise)}</td>
            </tr>
          )}
        </tfoot>
      </table>
    </Section>
  );
}
