import { useCallback, useEffect, useState } from 'react';
import { fetchTracking, type TrackingInput, type TrackingOutput } from './tracking-api';

export type { TrackingInput, TrackingOutput };

export interface TrackingQuery {
  data: TrackingOutput | null;
  error: unknown;
  /** True while a request is in flight (first load or refresh). */
  loading: boolean;
  refetch: () => void;
}

/**
 * One query without TanStack Query (see tracking-api.ts). A refresh that fails keeps the order on
 * screen. When the phone digits let the customer in, the API answers a short-lived access token and
 * refreshes use it, so they never spend another guess.
 */
export function useTracking(input: TrackingInput): TrackingQuery {
  const [state, setState] = useState<Omit<TrackingQuery, 'refetch'>>({ data: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(input);
  const [access, setAccess] = useState<{ key: string; token: string } | null>(null);
  const accessToken = access?.key === key ? access.token : null;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const asked = JSON.parse(key) as TrackingInput;
    fetchTracking(accessToken ? { orderId: asked.orderId, token: accessToken } : asked, controller.signal).then(
      (data) => {
        if (data.state === 'ok' && data.accessToken) setAccess({ key, token: data.accessToken });
        setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data?.state === 'ok' ? s.data : null, error, loading: false }));
      },
    );
    return () => controller.abort();
    // The access token is read at each fetch; getting one is not a reason to fetch again.
  }, [key, attempt]);

  // Keep an open page current without hammering the server.
  const isOk = state.data?.state === 'ok';
  useEffect(() => {
    if (!isOk) return;
    const timer = setInterval(() => setAttempt((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, [isOk]);

  const refetch = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, refetch };
}
