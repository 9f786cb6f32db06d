import { Printer } from 'lucide-react';
import { formatDateTime } from '../../shared/format';
import { PaperSelect, useLabelPaper } from './label-paper';
import type { LabelDirection } from './pdf-urls';
import { PdfStatus } from './pdf-status';
import { usePrintLabels } from './use-print-labels';
import '../packing.css';

/**
 * One shipment's label, for Order Details. Shown only when the server says it can be printed
 * (`canPrintLabel`); "printed" is the server's record of the last print.
 */
export function PrintLabelButton({
  orderId,
  direction = 'forward',
  labelPrintedAt,
}: {
  orderId: string;
  direction?: LabelDirection;
  labelPrintedAt: Date | string | null;
}) {
  const [paper, setPaper] = useLabelPaper();
  const { state, print } = usePrintLabels();
  return (
    <div className="print-label">
      <div className="print-row">
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          onClick={() => print([orderId], paper, direction)}
          disabled={state.status === 'opening'}
        >
          <Printer size={14} aria-hidden="true" /> {direction === 'return' ? 'Print return label' : 'Print label'}
        </button>
        <PaperSelect value={paper} onChange={setPaper} />
      </div>
      <p className="subtle" data-testid={direction === 'return' ? 'return-label-printed' : 'label-printed'}>
        {labelPrintedAt ? `Label printed ${formatDateTime(labelPrintedAt)}` : 'Label not printed yet'}
      </p>
      <PdfStatus state={state} />
    </div>
  );
}
