import type { AppErrorCode } from './api';

export interface ErrorInfo {
  /** tRPC code, e.g. NOT_FOUND; null for network failures. */
  code: string | null;
  /** The API's own error code (AppError), e.g. BOOKING_OUTCOME_UNKNOWN. */
  appCode: AppErrorCode | null;
  httpStatus: number | null;
  /** A sentence a person can read. */
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
  isNetwork: boolean;
}

/** The error formatter's `data`, as it arrives over the wire (the server is the only writer of `appCode`). */
interface ErrorData {
  code?: string;
  httpStatus?: number;
  appCode?: AppErrorCode | null;
  fieldErrors?: Record<string, string[] | undefined> | null;
}

/** An API failure seen without the tRPC client (the tracking page); `data` is the error formatter's shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/**
 * Reads the API's error shape (apps/api/src/entry/trpc/init.ts: `data.appCode`, `data.fieldErrors`) from
 * anything a call threw. Matched by name, not `instanceof TRPCClientError`, so the tracking page
 * does not pull in the tRPC client for it.
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error && (error.name === 'TRPCClientError' || error.name === 'ApiError')) {
    const raw: unknown = 'data' in error ? error.data : null;
    const data = raw !== null && typeof raw === 'object' ? (raw as ErrorData) : null;
    if (!data) {
      // No tRPC envelope: the request never got an answer (offline, server down, proxy error page).
      return {
        code: null,
        appCode: null,
        httpStatus: null,
        message: NETWORK_MESSAGE,
        fieldErrors: {},
        isNetwork: true,
      };
    }
    return {
      code: data.code ?? null,
      appCode: data.appCode ?? null,
      httpStatus: data.httpStatus ?? null,
      message: error.message || 'Something went wrong.',
      fieldErrors: data.fieldErrors ?? {},
      isNetwork: false,
    };
  }
  return {
    code: null,
    appCode: null,
    httpStatus: null,
    message: error instanceof Error ? error.message : 'Something went wrong.',
    fieldErrors: {},
    isNetwork: false,
  };
}

/** The first message for one field, for showing under that input. */
export function fieldError(info: ErrorInfo | null, field: string): string | undefined {
  return info?.fieldErrors[field]?.[0];
}
