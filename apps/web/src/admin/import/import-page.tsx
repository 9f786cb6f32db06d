import { useQueryClient } from '@tanstack/react-query';
import { Download, FileUp } from 'lucide-react';
import { useState } from 'react';
import { formatPaise } from '../../shared/format';
import { navigate } from '../router/navigation';
import { Badge, PaymentBadge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { ImportChanges } from './import-changes';
import { uploadOrdersCsv, type ImportAnswer, type ImportOrder } from './upload';
import '../orders-in.css';

type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; dryRun: boolean; progress: number }
  /** `changed`: the import found the file or its orders changed since the last preview and did nothing. */
  | { kind: 'preview'; file: File; answer: ImportAnswer; changed?: boolean }
  | { kind: 'done'; answer: ImportAnswer }
  | { kind: 'failed'; message: string; answer?: ImportAnswer; file?: File };

function ErrorsTable({ errors }: { errors: ImportAnswer['errors'] }) {
  if (errors.length === 0) return null;
  return (
    <table className="table import-errors" aria-label="Rows with errors">
      <thead>
        <tr>
          <th className="num">Row</th>
          <th>Column</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={`${e.row}-${e.column}-${i}`}>
            <td className="num">{e.row}</td>
            <td>{e.column || '—'}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ACTION_BADGE: Record<ImportOrder['action'], { tone: 'green' | 'violet' | 'neutral' | 'amber'; label: string }> = {
  create: { tone: 'green', label: 'New' },
  update: { tone: 'violet', label: 'Will be updated' },
  unchanged: { tone: 'neutral', label: 'Unchanged' },
  skip: { tone: 'amber', label: 'Left as it is' },
};

const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;
const problems = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

/**
 * "3 orders found: 1 new, 1 already imported and unchanged, 1 left out for problems (2 problems)."
 * Every count is the server's, from the one plan that also lists the orders below.
 */
export function importSummary(answer: ImportAnswer, done: boolean): string {
  const found = answer.ordersFound ?? answer.created + answer.updated + answer.unchanged + answer.skipped;
  const refused = answer.refused ?? 0;
  const parts = [
    `${answer.created} ${done ? 'created' : 'new'}`,
    answer.updated > 0 && `${answer.updated} ${done ? 'updated' : 'to update'}`,
    answer.unchanged > 0 && `${answer.unchanged} already imported and unchanged`,
    answer.skipped > 0 && `${answer.skipped} left as ${answer.skipped === 1 ? 'it is' : 'they are'}`,
    refused > 0 && `${refused} left out for problems (${problems(answer.errors.length)})`,
    refused === 0 && answer.errors.length > 0 && problems(answer.errors.length),
  ].filter((p): p is string => typeof p === 'string');
  return `${orders(found)} found: ${parts.join(', ')}.`;
}

function confirmLabel(answer: ImportAnswer): string {
  if (answer.created > 0 && answer.updated > 0) return `Import ${answer.created} new and update ${answer.updated}`;
  if (answer.updated > 0) return `Update ${orders(answer.updated)}`;
  return `Import ${orders(answer.created)}`;
}

/**
 * Orders > Import: drop a CSV, see what it would do (dry run: new orders, and for orders imported
 * before, whether each changes and how), then import exactly that: the import carries the
 * preview's planId, and the server does nothing if the file or its orders changed since.
 */
export function ImportPage() {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);

  const run = async (file: File, dryRun: boolean, expectPlan?: string) => {
    setStep({ kind: 'uploading', dryRun, progress: 0 });
    try {
      const { status, body } = await uploadOrdersCsv(file, {
        dryRun,
        expectPlan,
        onProgress: (progress) => setStep({ kind: 'uploading', dryRun, progress }),
      });
      if (status === 409 && body.planId) {
        setStep({ kind: 'preview', file, answer: body, changed: true });
        return;
      }
      if (status !== 200) {
        setStep({ kind: 'failed', message: body.error?.message ?? `The server answered ${status}.`, answer: body });
        return;
      }
      if (dryRun) setStep({ kind: 'preview', file, answer: body });
      else {
        setStep({ kind: 'done', answer: body });
        void queryClient.invalidateQueries();
      }
    } catch (err) {
      setStep({ kind: 'failed', message: err instanceof Error ? err.message : String(err), file });
    }
  };
  const choose = (file: File | undefined) => {
    if (file) void run(file, true);
  };

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Import orders</h1>
          <p className="muted">
            A CSV with Shiprocket’s bulk-order columns or our template, one row per item. Uploading the same file again
            adds nothing new; an order imported before changes only if the preview says so, and only while it is not
            shipped (its address, contact, payment, money, items and box).
          </p>
        </div>
        <div className="import-downloads">
          <a className="btn btn-secondary btn-sm" href="/api/imports/orders/template.csv" download>
            <Download size={14} aria-hidden="true" /> Template
          </a>
          <a className="btn btn-secondary btn-sm" href="/api/imports/orders/sample.csv" download>
            <Download size={14} aria-hidden="true" /> Sample
          </a>
        </div>
      </div>

      <label
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer.files[0]);
        }}
      >
        <FileUp size={22} aria-hidden="true" />
        <span>Drop a CSV file here, or choose one (up to 10 MB, 10,000 orders)</span>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Orders CSV file"
          onChange={(e) => {
            choose(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>

      {step.kind === 'uploading' && (
        <div className="import-progress" role="status">
          <Spinner size={14} /> {step.dryRun ? 'Checking the file' : 'Importing'}…{' '}
          {step.progress < 1 ? `uploaded ${Math.round(step.progress * 100)}%` : 'reading the orders'}
          <progress max={1} value={step.progress} />
        </div>
      )}

      {step.kind === 'failed' && (
        <Callout tone="error" title="The file was not imported">
          <p>{step.message}</p>
          {step.answer && <ErrorsTable errors={step.answer.errors} />}
        </Callout>
      )}

      {step.kind === 'preview' && (
        <section className="section" aria-labelledby="import-preview">
          <h2 className="section-title" id="import-preview">
            Preview of {step.file.name}
          </h2>
          {step.changed && (
            <Callout tone="warning" title="Nothing was imported">
              <p>
                The file or its orders changed since the preview. This is what importing it does now; check it and
                import again.
              </p>
            </Callout>
          )}
          <p data-testid="import-summary">{importSummary(step.answer, false)}</p>
          <ErrorsTable errors={step.answer.errors} />
          <ImportChanges orders={step.answer.orders ?? []} done={false} />
          {(step.answer.orders?.length ?? 0) > 0 && (
            <div className="table-scroll">
              <table className="table import-orders" aria-label="Orders in the file">
                <thead>
                  <tr>
                    <th>Order</th>
                    <th>Customer</th>
                    <th>City</th>
                    <th>Pincode</th>
                    <th className="num">Items</th>
                    <th>Payment</th>
                    <th className="num">Total</th>
                    <th className="num">To collect</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {step.answer.orders?.map((o) => (
                    <tr key={o.externalId} data-order={o.orderNumber}>
                      <td className="cell-order">{o.orderNumber}</td>
                      <td className="cell-customer">{o.customerName}</td>
                      <td className="cell-city">{o.city}</td>
                      <td className="cell-pincode mono">{o.pincode}</td>
                      <td className="cell-items num" data-label="Items">
                        {o.items}
                      </td>
                      <td className="cell-payment">
                        <PaymentBadge method={o.paymentMethod} />
                      </td>
                      <td className="cell-total num">{formatPaise(o.totalPaise)}</td>
                      <td className="cell-collect num" data-label="To collect">
                        {o.paymentMethod === 'cod' ? formatPaise(o.codAmountPaise) : '—'}
                      </td>
                      <td className="cell-action">
                        <Badge tone={ACTION_BADGE[o.action].tone}>{ACTION_BADGE[o.action].label}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {step.answer.ordersTruncated && (
            <p className="muted">Only the first {step.answer.orders?.length ?? 0} orders are listed.</p>
          )}
          <div className="import-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={step.answer.created + step.answer.updated === 0}
              onClick={() => void run(step.file, false, step.answer.planId)}
            >
              {confirmLabel(step.answer)}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </section>
      )}

      {step.kind === 'done' && (
        <Callout
          tone="success"
          title={
            step.answer.updated > 0
              ? `${orders(step.answer.created)} imported, ${step.answer.updated} updated`
              : `${orders(step.answer.created)} imported`
          }
        >
          <p data-testid="import-result">{importSummary(step.answer, true)}</p>
          <ErrorsTable errors={step.answer.errors} />
          <ImportChanges orders={step.answer.orders ?? []} done />
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => navigate('/admin')}>
            Go to Orders
          </button>
        </Callout>
      )}
    </div>
  );
}
