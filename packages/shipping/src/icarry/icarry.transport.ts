import { z } from 'zod';
import {
  ICarryAPIError,
  ICarryAuthError,
  ICarryConnectionError,
  ICarryError,
  ICarryTimeoutError,
} from './icarry.errors';
import { maskPhonesInText } from '../phone';
import { redactSecrets, redactUrl } from './icarry.logger';
import type { ICarryLogger } from './icarry.logger';
import type { RequestSpec } from './icarry.request';
import { interpretICarryResponse } from './icarry.response';
import type { ICarrySession } from './icarry.session';
import type { CallOptions, FetchLike, RetryPolicy } from './icarry.types';

/** Server clients without a browser User-Agent get iCarry's firewall page instead of JSON. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

/**
 * Error codes that prove the request never left this machine (no TCP connection was made), so
 * even a booking can be repeated without risking a second shipment.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * How a call reaches iCarry: a form POST per attempt under a timeout, iCarry's answer (JSON,
 * PHP notices, firewall pages, redirects) read into JSON or a typed error, and the retry loop:
 * capped, jittered exponential backoff for safe calls, unsafe ones (book, cancel) repeated only
 * when the request provably never left, and one re-login after a rejected token. Every attempt
 * is logged without secrets.
 */
export class ICarryTransport {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchLike;
  private readonly logger: ICarryLogger;
  private readonly retry: RetryPolicy;
  private readonly userAgent: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly session: ICarrySession;

  constructor(options: {
    baseUrl: string;
    apiKey: string;
    timeoutMs: number;
    fetch: FetchLike;
    logger: ICarryLogger;
    retry: RetryPolicy;
    userAgent: string;
    sleep: (ms: number) => Promise<void>;
    random: () => number;
    session: ICarrySession;
  }) {
    this.baseUrl = options.baseUrl;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
    this.fetchImpl = options.fetch;
    this.logger = options.logger;
    this.retry = options.retry;
    this.userAgent = options.userAgent;
    this.sleep = options.sleep;
    this.random = options.random;
    this.session = options.session;
  }

  async request<T>(spec: RequestSpec<T>, options: CallOptions): Promise<T> {
    let attempt = 0;
    let retriesLeft = this.retry.maxAttempts - 1;
    let reloggedIn = false;
    for (;;) {
      attempt += 1;
      const token = spec.auth ? await this.session.obtainToken(options) : null;
      await options.beforeSend?.();
      try {
        return await this.attempt(spec, token, attempt, options);
      } catch (error) {
        if (spec.auth && !reloggedIn && error instanceof ICarryAuthError && error.reason === 'token_rejected') {
          // iCarry refused the token, so it did not act on the call: safe to repeat once, even a booking.
          reloggedIn = true;
          if (token !== null) this.session.forgetToken(token);
          this.logger.warn(
            { endpoint: spec.endpoint, op: spec.op, attempt },
            `[iCarry] ${spec.op}: token rejected, logging in again once`,
          );
          continue;
        }
        if (retriesLeft > 0 && this.isRetryable(spec, error) && options.signal?.aborted !== true) {
          retriesLeft -= 1;
          const delayMs = this.backoffMs(attempt);
          this.logger.warn(
            { endpoint: spec.endpoint, op: spec.op, attempt, delayMs, code: (error as ICarryError).code },
            `[iCarry] ${spec.op}: retrying in ${delayMs} ms after ${(error as ICarryError).code}`,
          );
          await this.sleep(delayMs);
          continue;
        }
        throw error;
      }
    }
  }

  private isRetryable(spec: RequestSpec<unknown>, error: unknown): boolean {
    if (!(error instanceof ICarryError) || !error.retryable) return false;
    if (spec.safe) return true;
    return error instanceof ICarryConnectionError && error.neverSent;
  }

  /** Full jitter over a capped exponential: spreads retries from many instances. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async attempt<T>(
    spec: RequestSpec<T>,
    token: string | null,
    attempt: number,
    options: CallOptions,
  ): Promise<T> {
    const url =
      token === null
        ? `${this.baseUrl}${spec.endpoint}`
        : `${this.baseUrl}${spec.endpoint}?api_token=${encodeURIComponent(token)}`;
    const timeoutMs = positiveOr(options.timeoutMs, this.timeoutMs);
    // A cleared timer rather than AbortSignal.timeout: thousands of calls leave no pending timers.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`iCarry ${spec.endpoint} timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const signal =
      options.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, options.signal]);
    const started = performance.now();
    const secrets = [this.apiKey, token];

    let httpStatus: number;
    let text: string;
    let location: string | null;
    try {
      if (options.signal?.aborted === true) throw options.signal.reason;
      const response = await untilAborted(
        this.fetchImpl(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json, text/plain, */*',
            'User-Agent': this.userAgent,
          },
          body: new URLSearchParams(spec.fields).toString(),
          signal,
          // A redirect could turn the POST into a GET and drop the body: surface it instead.
          redirect: 'manual',
        }),
        signal,
      );
      httpStatus = response.status;
      location = response.headers.get('location');
      text = await untilAborted(response.text(), signal);
    } catch (cause) {
      const error = this.transportError(spec, cause, timedOut, options.signal?.aborted === true, timeoutMs);
      this.logAttempt(spec, url, attempt, started, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }

    try {
      const body = interpretICarryResponse({
        endpoint: spec.endpoint,
        httpStatus,
        text,
        location,
        isLogin: spec.isLogin,
        unsafe: !spec.safe,
        successKey: spec.successKey,
        dataKey: spec.dataKey,
        secrets,
      });
      let result: T;
      try {
        result = spec.parse(body);
      } catch (cause) {
        throw new ICarryAPIError(
          `iCarry's answer on ${spec.endpoint} did not have the expected shape${describeIssues(cause)}`,
          {
            code: 'MALFORMED_RESPONSE',
            endpoint: spec.endpoint,
            httpStatus,
            body: redactSecrets(text, secrets),
            retryable: spec.safe,
            outcomeUnknown: !spec.safe,
            kind: 'other',
            cause,
          },
        );
      }
      this.logAttempt(spec, url, attempt, started, null, httpStatus);
      return result;
    } catch (error) {
      if (error instanceof ICarryError) this.logAttempt(spec, url, attempt, started, error);
      throw error;
    }
  }

  private transportError(
    spec: RequestSpec<unknown>,
    cause: unknown,
    timedOut: boolean,
    callerAborted: boolean,
    timeoutMs: number,
  ): ICarryError {
    const unsafe = !spec.safe;
    if (timedOut) {
      return new ICarryTimeoutError(
        unsafe
          ? `iCarry did not answer ${spec.endpoint} within ${timeoutMs} ms; the request may have been processed`
          : `iCarry did not answer ${spec.endpoint} within ${timeoutMs} ms`,
        { endpoint: spec.endpoint, reason: 'timeout', timeoutMs, retryable: !unsafe, outcomeUnknown: unsafe, cause },
      );
    }
    if (callerAborted || isAbortError(cause)) {
      return new ICarryTimeoutError(`The call to iCarry ${spec.endpoint} was aborted by the caller`, {
        endpoint: spec.endpoint,
        reason: 'aborted',
        timeoutMs,
        retryable: false,
        outcomeUnknown: unsafe,
        cause,
      });
    }
    const codes = errorCodes(cause);
    const osCode = codes[0] ?? null;
    const neverSent = codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code));
    if (neverSent) {
      return new ICarryConnectionError(
        `Could not connect to iCarry for ${spec.endpoint} (${osCode ?? 'unknown'}); nothing was sent`,
        {
          endpoint: spec.endpoint,
          neverSent: true,
          osCode,
          retryable: true,
          outcomeUnknown: false,
          cause,
        },
      );
    }
    if (unsafe) {
      return new ICarryTimeoutError(
        `The connection to iCarry dropped during ${spec.endpoint} (${osCode ?? 'unknown'}); the request may have been processed`,
        {
          endpoint: spec.endpoint,
          reason: 'connection_lost',
          timeoutMs,
          retryable: false,
          outcomeUnknown: true,
          cause,
        },
      );
    }
    return new ICarryConnectionError(
      `The connection to iCarry failed during ${spec.endpoint} (${osCode ?? 'unknown'})`,
      {
        endpoint: spec.endpoint,
        neverSent: false,
        osCode,
        retryable: true,
        outcomeUnknown: false,
        cause,
      },
    );
  }

  private logAttempt(
    spec: RequestSpec<unknown>,
    url: string,
    attempt: number,
    started: number,
    error: ICarryError | null,
    httpStatus?: number,
  ): void {
    const durationMs = Math.round(performance.now() - started);
    const base = { endpoint: spec.endpoint, op: spec.op, attempt, durationMs, url: redactUrl(url), ...spec.logContext };
    if (error === null) {
      this.logger.info(
        { ...base, outcome: 'ok', httpStatus },
        `[iCarry] ${spec.op} ${spec.endpoint} ok in ${durationMs} ms (attempt ${attempt})`,
      );
      return;
    }
    const detail = {
      ...base,
      outcome: error.code,
      httpStatus: error.httpStatus,
      retryable: error.retryable,
      outcomeUnknown: error.outcomeUnknown,
      kind: error instanceof ICarryAPIError ? error.kind : undefined,
      icarryMessage: this.safeMessage(error.message),
    };
    const message = `[iCarry] ${spec.op} ${spec.endpoint} failed (${error.code}) in ${durationMs} ms (attempt ${attempt})`;
    if (error.outcomeUnknown) this.logger.error(detail, `${message}: outcome unknown, do not retry blindly`);
    else this.logger.warn(detail, message);
  }

  /** An error message fit for logs: no API key, no token, no phone numbers. */
  safeMessage(message: string): string {
    return maskPhonesInText(redactSecrets(message, [this.apiKey, this.session.currentToken()]));
  }
}

/** A positive finite number, else `fallback` (for timeouts and TTLs from options). */
export function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Rejects as soon as `signal` aborts, even when an injected fetch (or a body stream) ignores the
 * signal: a hung call must end at the timeout whatever the transport does.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** OS/undici error codes along the cause chain (fetch wraps them in "TypeError: fetch failed"). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    return record.errors.flatMap((inner) => errorCodes(inner, depth + 1));
  }
  const own = typeof record.code === 'string' ? [record.code] : [];
  const inner = errorCodes(record.cause, depth + 1);
  return inner.length > 0 ? inner : own;
}

function describeIssues(cause: unknown): string {
  if (cause instanceof z.ZodError) {
    const paths = cause.issues.slice(0, 5).map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(root)'));
    return ` (problem at: ${paths.join(', ')})`;
  }
  return '';
}
