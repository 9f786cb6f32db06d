import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import type { PdfState } from './use-open-pdf';

/** What happened to the last PDF asked for: being made, opened (with its label count), or the server's refusal. */
export function PdfStatus({ state, what = 'labels' }: { state: PdfState; what?: string }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'opening':
      return (
        <p className="subtle pdf-status" role="status">
          <Spinner /> Making the PDF…
        </p>
      );
    case 'opened':
      return (
        <p className="subtle pdf-status" role="status">
          {state.labels === null
            ? 'Opened in a new tab.'
            : `${state.labels} label${state.labels === 1 ? '' : 's'} opened in a new tab.`}
        </p>
      );
    case 'failed':
      return <ErrorCallout error={state.error} title={`The ${what} could not be made`} />;
  }
}
