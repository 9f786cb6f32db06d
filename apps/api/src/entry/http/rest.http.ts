import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Answer } from '../../intake/orders/rest-answer';
import { errorAnswer } from '../../intake/orders/rest-answer';
import { writeJson } from './write-json';

/** The request id every REST answer carries (X-Request-Id header and `requestId` in the body). */
export function requestIdOf(res: Response): string {
  const existing = res.locals.requestId as unknown;
  if (typeof existing === 'string') return existing;
  const id = `req_${randomUUID().replace(/-/g, '')}`;
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

export function withRequestId(_req: Request, res: Response, next: NextFunction): void {
  requestIdOf(res);
  next();
}

/** Sends a service's answer as JSON with this request's id (an ETag only on answers to reads). */
export function sendAnswer(res: Response, answer: Answer): void {
  const requestId = requestIdOf(res);
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  const body = { ...answer.body, requestId };
  if (res.req.method === 'GET' || res.req.method === 'HEAD') res.status(answer.status).json(body);
  else writeJson(res, answer.status, body);
}

/** Deepest nesting a request body may have: real orders are 3 levels deep. */
const MAX_DEPTH = 20;

/** Iterative, so a body nested 100,000 levels deep costs a loop, not the stack. */
export function nestsDeeperThan(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() ?? [null, 0];
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Reads a JSON body that express.text() left as a string; an Answer when it is not usable JSON. */
export function readJsonBody(req: Request): { ok: true; body: unknown } | { ok: false; answer: Answer } {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return {
      ok: false,
      answer: errorAnswer('VALIDATION_FAILED', {
        status: 415,
        message: 'Send the body as JSON with "Content-Type: application/json".',
      }),
    };
  }
  const text = typeof req.body === 'string' ? req.body : '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, answer: errorAnswer('VALIDATION_FAILED', { message: 'The body is not valid JSON.' }) };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, answer: errorAnswer('VALIDATION_FAILED', { message: 'The body must be a JSON object.' }) };
  }
  if (nestsDeeperThan(body)) {
    return { ok: false, answer: errorAnswer('VALIDATION_FAILED', { message: 'The body is nested too deeply.' }) };
  }
  return { ok: true, body };
}

/** Body-parser and other errors (too large, bad encoding) as JSON with the request id; never a 500 page. */
export function restErrorHandler(logger: {
  warn: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
}) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) {
      logger.error({ err, path: req.path }, 'REST internal error');
      sendAnswer(res, {
        status: 500,
        body: {
          error: {
            code: 'INTERNAL',
            message: 'Something went wrong on our side. Retry with the same Idempotency-Key.',
          },
        },
      });
      return;
    }
    logger.warn({ path: req.path, status, reason: (err as Error).message }, 'REST bad request');
    const message =
      status === 413
        ? 'The body is too large.'
        : status === 415
          ? 'The body encoding is not supported.'
          : 'The request could not be read.';
    sendAnswer(res, errorAnswer('VALIDATION_FAILED', { status, message }));
  };
}
