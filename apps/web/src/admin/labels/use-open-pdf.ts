import { useCallback, useState } from 'react';

export type PdfState =
  | { status: 'idle' }
  | { status: 'opening' }
  /** `labels`: how many labels the PDF holds (the route's x-label-count), when it says. */
  | { status: 'opened'; labels: number | null }
  | { status: 'failed'; error: Error };

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** The PDF routes refuse with `{ error: { message } }` (a 4xx naming the orders and why). */
async function refusal(res: Response): Promise<Error> {
  const body: unknown = await res.json().catch(() => null);
  const error = body !== null && typeof body === 'object' && 'error' in body ? body.error : null;
  const message = error !== null && typeof error === 'object' && 'message' in error ? error.message : null;
  return new Error(typeof message === 'string' && message ? message : `The server answered ${res.status}.`);
}

/**
 * Fetches a PDF from one of the packing routes and opens it in a new tab for printing. The tab is
 * opened inside the click (a window opened after an await is blocked as a pop-up) and closed
 * again when the server refuses, whose reason then shows on the page instead of a tab of JSON.
 * Without a tab (pop-ups blocked) the PDF is downloaded.
 */
export function useOpenPdf(onOpened?: () => void) {
  const [state, setState] = useState<PdfState>({ status: 'idle' });
  const open = useCallback(
    (url: string, fileName: string) => {
      const tab = window.open('', '_blank');
      if (tab) {
        tab.document.title = fileName;
        tab.document.body.textContent = 'Preparing the PDF…';
      }
      setState({ status: 'opening' });
      void (async () => {
        try {
          const res = await fetch(url, { credentials: 'same-origin' });
          if (!res.ok) throw await refusal(res);
          const href = URL.createObjectURL(await res.blob());
          if (tab && !tab.closed) {
            tab.location.href = href;
          } else {
            const link = document.createElement('a');
            link.href = href;
            link.download = fileName;
            link.click();
          }
          // The tab has its own copy once loaded; the URL is only kept for a reload there.
          setTimeout(() => URL.revokeObjectURL(href), 10 * 60_000);
          const labels = res.headers.get('x-label-count');
          setState({ status: 'opened', labels: labels === null ? null : Number(labels) });
          onOpened?.();
        } catch (err) {
          tab?.close();
          setState({
            status: 'failed',
            error: err instanceof TypeError ? new Error(NETWORK_MESSAGE) : (err as Error),
          });
        }
      })();
    },
    [onOpened],
  );
  return { state, open };
}
