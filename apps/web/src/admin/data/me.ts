import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../../shared/api';
import { useTRPC } from './trpc';

export type Me = RouterOutputs['auth']['me'];
export type SignedInAdmin = NonNullable<Me['admin']>;
/** `live` books with the store's iCarry account; `sandbox` with the built-in simulated iCarry. */
export type Mode = Me['mode'];

/** One set of options for every reader of `auth.me`, so they share one cache entry and one refetch policy. */
function useMeOptions() {
  const trpc = useTRPC();
  return trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 });
}

/** Who is signed in (if anyone) and the server's mode; the auth gate renders nothing else until it is loaded. */
export function useMe() {
  return useQuery(useMeOptions());
}

/**
 * The server's mode, from the cached `auth.me` answer. Pages render under the auth gate, which waits
 * for that answer, so `undefined` is only seen for a moment after sign-out clears the cache.
 */
export function useMode(): Mode | undefined {
  return useQuery({ ...useMeOptions(), select: (me) => me.mode }).data;
}
