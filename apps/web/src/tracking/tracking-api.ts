import type { RouterInputs, RouterOutputs } from '../shared/api';
import { ApiError } from '../shared/errors';

export type TrackingInput = RouterInputs['tracking']['get'];
export type TrackingOutput = RouterOutputs['tracking']['get'];

/**
 * `tracking.get` over tRPC's HTTP protocol (a GET with `?input=<JSON>`; no transformer is
 * configured), without the tRPC client: the customer's page has an 80 KB budget and React is
 * most of it. Types still come from the API's router, so a changed contract fails the type check.
 */
export async function fetchTracking(input: TrackingInput, signal: AbortSignal): Promise<TrackingOutput> {
  let response: Response;
  try {
    response = await fetch(`/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify(input))}`, {
      signal,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ApiError('Network error', undefined);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's error page. Reported as a network failure below.
  }
  const envelope = body as { result?: { data?: TrackingOutput }; error?: { message?: string; data?: unknown } } | null;
  if (response.ok && envelope?.result?.data) return envelope.result.data;
  throw new ApiError(envelope?.error?.message ?? `HTTP ${response.status}`, envelope?.error?.data);
}
