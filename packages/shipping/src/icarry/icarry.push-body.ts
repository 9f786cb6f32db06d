// Reading a webhook's raw body (JSON or form, whatever the content-type claims) and the account
// key a push carries in `token`: read for the check, redacted before the body is stored.
import { containsUnstorableText } from '../text';
import { parseBracketedForm } from './icarry.form';
import { isRecord } from './icarry.push-fields';

export type ICarryWebhookBodyParse = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Reads a webhook body: JSON when it starts like JSON (or says it is JSON and parses), else
 * urlencoded fields (bracketed names nest, PHP-style). Refuses empty bodies, non-object JSON, NUL characters and
 * unpaired surrogates (PostgreSQL cannot hold them), with the reason. Never throws.
 */
export function parseICarryWebhookBody(raw: string, contentType: string | null | undefined): ICarryWebhookBodyParse {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty body' };
  // By content first: iCarry's content-type is not to be trusted (form bodies labelled JSON exist).
  const saysJson = (contentType ?? '').toLowerCase().includes('json');
  const json = text.startsWith('{') || text.startsWith('[') || saysJson ? parseJson(text) : NOT_JSON;
  let body: Record<string, unknown>;
  if (json !== NOT_JSON) {
    if (!isRecord(json)) return { ok: false, reason: 'JSON body must be an object' };
    body = json;
  } else if (text.startsWith('{') || text.startsWith('[')) {
    return { ok: false, reason: 'body is not valid JSON' };
  } else {
    body = parseBracketedForm(text, { maxFields: 1_000 });
    if (Object.keys(body).length === 0) return { ok: false, reason: 'body has no fields' };
  }
  // PostgreSQL cannot store a NUL or an unpaired surrogate (\ud800 escaped in JSON): refused here, kept as text.
  if (containsUnstorableText(body)) return { ok: false, reason: 'body contains NUL characters or broken UTF-16' };
  return { ok: true, body };
}

/** The `token` a status or weight push carries (the account API key); null when there is none. */
export function pushToken(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const token = body.token;
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * The raw body as it may be stored: the `token` value (the account API key) replaced by
 * "[redacted]" in form and JSON bodies, wherever and however encoded it appears. `token`: the
 * body's token when the caller has read the body already (pushToken of parseICarryWebhookBody's
 * body, null when it had none or the body could not be read), so the body is not parsed twice.
 */
export function redactPushToken(raw: string, token?: string | null): string {
  let out = raw
    .replace(/(^|&)(token=)[^&]*/g, '$1$2[redacted]')
    .replace(/("token"\s*:\s*)("(?:[^"\\]|\\.)*"|-?[\w.+-]+)/g, '$1"[redacted]"');
  // A token reached through another spelling (percent-encoded name, nested JSON) goes too.
  if (token === undefined) {
    const parsed = parseICarryWebhookBody(raw, null);
    token = parsed.ok ? pushToken(parsed.body) : null;
  }
  if (token !== null && token.length >= 4) {
    const spellings = new Set([
      token,
      encodeURIComponent(token),
      new URLSearchParams({ t: token }).toString().slice(2),
      JSON.stringify(token).slice(1, -1),
    ]);
    for (const spelling of spellings) out = out.split(spelling).join('[redacted]');
  }
  return out;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
