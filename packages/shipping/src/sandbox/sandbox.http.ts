import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBracketedForm } from '../icarry/icarry.form';

/**
 * The little HTTP the sandbox needs, on node:http: the sandbox must not make the client package
 * depend on a web framework. Requests arrive as SandboxRequest (path, query, body read and parsed
 * once); answers go out through `send`.
 */

/** iCarry's PHP would refuse bigger bodies; the sandbox's own limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyKind = 'form' | 'json' | 'none' | 'other';

export interface SandboxRequest {
  method: string;
  /** Path without the query, after the OpenCart rewrite (`/api_x&api_token=T` -> `/api_x`). */
  path: string;
  query: URLSearchParams;
  /** True when the query came from `&...` in the path (the form iCarry's PDF prints). */
  ampersandPath: boolean;
  header(name: string): string | null;
  /** Raw body text (UTF-8). */
  text: string;
  bodyKind: BodyKind;
  /** Parsed body: form fields (PHP-style nesting) or JSON; {} for none or other types. */
  body: unknown;
  raw: IncomingMessage;
}

export type ReadOutcome = { ok: true; request: SandboxRequest } | { ok: false; status: number; reason: string };

/**
 * Splits the URL, reads the body (up to MAX_BODY_BYTES) and parses it by content-type. A body
 * that cannot be read or parsed is `{ ok: false }` with an HTTP status (413, 415, 400).
 */
export async function readRequest(req: IncomingMessage): Promise<ReadOutcome> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  let path = queryAt < 0 ? url : url.slice(0, queryAt);
  let queryText = queryAt < 0 ? '' : url.slice(queryAt + 1);
  // OpenCart's SEO rewrite turns `/api_x&api_token=T` into route + query: do the same.
  const ampAt = path.indexOf('&');
  const ampersandPath = ampAt >= 0;
  if (ampersandPath) {
    queryText = `${path.slice(ampAt + 1)}${queryText === '' ? '' : `&${queryText}`}`;
    path = path.slice(0, ampAt);
  }
  const header = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? null) : null;
  };

  const encoding = (header('content-encoding') ?? 'identity').trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooBig = true;
    else chunks.push(chunk);
  }
  if (tooBig) return { ok: false, status: 413, reason: 'body too large' };
  if (encoding !== 'identity' && size > 0)
    return { ok: false, status: 415, reason: `unsupported encoding ${encoding}` };
  const text = Buffer.concat(chunks).toString('utf8');

  const type = (header('content-type') ?? '').toLowerCase();
  let bodyKind: BodyKind = text === '' ? 'none' : 'other';
  let body: unknown = {};
  if (text !== '' && type.includes('json')) {
    bodyKind = 'json';
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return { ok: false, status: 400, reason: 'body is not valid JSON' };
    }
  } else if (text !== '' && type.includes('application/x-www-form-urlencoded')) {
    bodyKind = 'form';
    body = parseBracketedForm(text);
  }
  return {
    ok: true,
    request: {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      query: new URLSearchParams(queryText),
      ampersandPath,
      header,
      text,
      bodyKind,
      body,
      raw: req,
    },
  };
}

/** The parsed body when it is an object, else {}. */
export function bodyObject(request: SandboxRequest): Record<string, unknown> {
  const { body } = request;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export const HTML = 'text/html; charset=utf-8';
/** PHP's default content type: what iCarry answers its JSON with. */
export const PHP_HTML = 'text/html; charset=UTF-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(payload.length), ...headers });
  res.end(payload);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON_TYPE, JSON.stringify(value));
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
