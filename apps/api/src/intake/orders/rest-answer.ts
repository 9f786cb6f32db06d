import { APP_ERROR_CODES, type AppErrorCode } from '../../platform/core/errors';
import type { FieldIssue } from './order-input.schema';

/** An HTTP answer decided by a service: the REST layer adds the request id and sends it. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** True when this is a stored answer sent again for the same Idempotency-Key. */
  replayed?: boolean;
}

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; issues?: FieldIssue[]; [detail: string]: unknown };
}

/** HTTP status per AppError code, for the plain REST routes (tRPC maps the same codes its own way). */
const STATUS_BY_TRPC_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export function httpStatusOf(code: AppErrorCode): number {
  return STATUS_BY_TRPC_CODE[APP_ERROR_CODES[code].trpc] ?? 500;
}

export function errorAnswer(
  code: AppErrorCode,
  options: { message?: string; issues?: FieldIssue[]; status?: number; details?: Record<string, unknown> } = {},
): Answer & { body: ErrorBody } {
  return {
    status: options.status ?? httpStatusOf(code),
    body: {
      error: {
        code,
        message: options.message ?? APP_ERROR_CODES[code].message,
        ...(options.issues ? { issues: options.issues } : {}),
        ...options.details,
      },
    },
  };
}
