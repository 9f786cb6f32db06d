import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../data/trpc';
import { labelsPdfUrl, type LabelDirection, type LabelPaper } from './pdf-urls';
import { useOpenPdf } from './use-open-pdf';

/**
 * Prints labels through GET /api/labels.pdf. The server records "printed" on each shipment, so the
 * views that show it (Order Details, Today's pickup, the selection's "printed before") are refetched.
 */
export function usePrintLabels() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries(trpc.orders.get.pathFilter());
    void queryClient.invalidateQueries(trpc.packing.pickup.pathFilter());
    void queryClient.invalidateQueries(trpc.packing.labelSelection.pathFilter());
  }, [queryClient, trpc]);
  const { state, open } = useOpenPdf(refresh);
  const print = useCallback(
    (orderIds: readonly string[], paper: LabelPaper, direction: LabelDirection = 'forward') =>
      open(labelsPdfUrl(orderIds, { paper, direction }), direction === 'return' ? 'return-labels.pdf' : 'labels.pdf'),
    [open],
  );
  return { state, print };
}
