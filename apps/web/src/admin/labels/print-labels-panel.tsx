import { useQuery } from '@tanstack/react-query';
import { Printer } from 'lucide-react';
import type { RouterInputs } from '../../shared/api';
import { useTRPC } from '../data/trpc';
import { Callout, ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { PaperSelect, useLabelPaper } from './label-paper';
import { chunk } from './pdf-urls';
import { PdfStatus } from './pdf-status';
import { usePrintLabels } from './use-print-labels';
import '../packing.css';

export type LabelSelection = RouterInputs['packing']['labelSelection'];

const SHOWN_SKIPPED = 20;
/** A few skipped orders are named at once; more stay folded under their count. */
const OPEN_SKIPPED = 5;

/**
 * Labels for several orders (a list selection, a finished bulk shipment, the pickup's unprinted
 * parcels). The server says which of them have a label and why the others are skipped, and how many
 * one PDF holds: a longer list gets one button per PDF, each its own click.
 */
export function PrintLabelsPanel({ selection, actionLabel }: { selection: LabelSelection; actionLabel: string }) {
  const trpc = useTRPC();
  const answer = useQuery(trpc.packing.labelSelection.queryOptions(selection, { staleTime: 0 }));
  const [paper, setPaper] = useLabelPaper();
  const { state, print } = usePrintLabels();

  if (answer.isPending)
    return (
      <p className="muted print-panel" role="status">
        <Spinner /> Checking which orders have a label…
      </p>
    );
  if (answer.isError)
    return (
      <ErrorCallout error={answer.error} title="Labels could not be prepared" onRetry={() => void answer.refetch()} />
    );

  const { printableOrderIds, skipped, alreadyPrinted, maxPerPdf, count } = answer.data;
  const runs = chunk(printableOrderIds, maxPerPdf);
  return (
    <div className="print-panel">
      {printableOrderIds.length === 0 ? (
        <Callout tone="warning" title={`None of the ${count} selected orders has a label to print`}>
          <p>Labels exist once an order is booked with iCarry and has its AWB.</p>
        </Callout>
      ) : (
        <div className="print-row">
          {runs.map((run, i) => {
            const from = i * maxPerPdf + 1;
            return (
              <button
                key={from}
                type="button"
                className="btn btn-primary btn-sm"
                onClick={() => print(run, paper)}
                disabled={state.status === 'opening'}
              >
                <Printer size={14} aria-hidden="true" />{' '}
                {runs.length === 1 ? actionLabel : `${actionLabel} ${from}–${from + run.length - 1}`}
              </button>
            );
          })}
          <PaperSelect value={paper} onChange={setPaper} />
          <span className="muted" data-testid="label-count">
            {printableOrderIds.length} label{printableOrderIds.length === 1 ? '' : 's'}
            {alreadyPrinted > 0 && `, ${alreadyPrinted} printed before`}
            {runs.length > 1 && ` in ${runs.length} PDFs of at most ${maxPerPdf}`}
          </span>
        </div>
      )}
      {skipped.length > 0 && (
        <details className="print-skipped" open={skipped.length <= OPEN_SKIPPED}>
          <summary>{skipped.length} skipped: only booked orders have a label</summary>
          <ul className="plain-list">
            {skipped.slice(0, SHOWN_SKIPPED).map((s) => (
              <li key={s.orderId}>
                <strong>{s.orderNumber}</strong>: {s.reason}
              </li>
            ))}
            {skipped.length > SHOWN_SKIPPED && <li>and {skipped.length - SHOWN_SKIPPED} more</li>}
          </ul>
        </details>
      )}
      <PdfStatus state={state} />
    </div>
  );
}
