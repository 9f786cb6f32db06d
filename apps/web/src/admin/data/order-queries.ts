import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { useTRPC } from './trpc';

export type OrderDetail = RouterOutputs['orders']['get'];
export type Shipment = NonNullable<OrderDetail['shipment']>;
export type OrderListRow = RouterOutputs['orders']['list']['items'][number];

/** After anything changes an order: its details, the list (status, counts, tab badges), messages and inbox. */
export function useRefreshOrder(orderId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.orders.get.queryFilter({ orderId })),
        queryClient.invalidateQueries(trpc.orders.list.pathFilter()),
        queryClient.invalidateQueries(trpc.orders.messages.queryFilter({ orderId })),
        queryClient.invalidateQueries(trpc.orders.inbox.pathFilter()),
        queryClient.invalidateQueries(trpc.packing.tabCounts.pathFilter()),
      ]),
    [orderId, queryClient, trpc],
  );
}
