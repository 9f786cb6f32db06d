import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../shared/api';
import { errorInfo } from '../../shared/errors';

export { createClient } from '../../shared/client';
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** A 4xx is an answer, not a hiccup: retrying it only delays the message. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const { httpStatus } = errorInfo(error);
  if (httpStatus !== null && httpStatus < 500) return false;
  return failureCount < 2;
}

/** `onUnauthenticated` runs when any call says the session is gone, so the panel can ask to sign in again. */
export function createQueryClient(onUnauthenticated: () => void) {
  const check = (error: unknown) => {
    if (errorInfo(error).appCode === 'UNAUTHENTICATED') onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: check }),
    mutationCache: new MutationCache({ onError: check }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
