import type { TestStack } from '../../src/testing/index';

/** Posts a status push exactly as iCarry does: form-encoded, with the account API key as `token`. */
export async function postStatusPush(
  stack: TestStack,
  fields: Record<string, string>,
  options: { token?: string; json?: boolean } = {},
) {
  const body = {
    client_name: 'icarry',
    callback_type: 'sync_status',
    ...fields,
    token: options.token ?? stack.runtime.deps.secrets.icarryApiKey ?? '',
  };
  const res = await fetch(`${stack.url}/api/webhooks/shipping-updates`, {
    method: 'POST',
    headers: { 'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: options.json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
  });
  return appliedAnswer(stack, res);
}

export interface PushAnswer {
  status: number;
  /** The route's answer: `pending` (stored, applied just after), `duplicate` or `rejected`. */
  body: { ok: boolean; id?: string; outcome?: string; error?: string };
  /**
   * What applying it did, read from its inbox row once the inbox drained (`applied`, `stale`,
   * `deferred`...); for a repeat, `duplicate`; for a refused push, the answer's outcome.
   */
  outcome: string | undefined;
}

/** Waits for the inbox applier, then reads what became of the push (the route answers before it is applied). */
export async function appliedAnswer(stack: TestStack, res: Response): Promise<PushAnswer> {
  const body = (await res.json()) as PushAnswer['body'];
  await stack.drainInbox();
  if (body.outcome !== 'pending' || !body.id) return { status: res.status, body, outcome: body.outcome };
  const row = await stack.database.db
    .selectFrom('webhook_inbox')
    .select('outcome')
    .where('id', '=', body.id)
    .executeTakeFirst();
  return { status: res.status, body, outcome: row?.outcome };
}

/** Posts an NDR push as iCarry does: JSON, no token, so the URL carries the secret. */
export async function postNdrPush(
  stack: TestStack,
  entries: { shipment_id: string | number; awb: string; type: string; date_added: string }[],
  options: { secret?: string; asFormString?: boolean } = {},
) {
  const secret = options.secret ?? stack.runtime.deps.secrets.webhookSecret;
  const url = `${stack.url}/api/webhooks/ndr-updates?secret=${encodeURIComponent(secret)}`;
  const res = options.asFormString
    ? await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_name: 'icarry',
          callback_type: 'ndr_status',
          ndr_data: JSON.stringify(entries),
        }).toString(),
      })
    : await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'icarry', callback_type: 'ndr_status', ndr_data: entries }),
      });
  return appliedAnswer(stack, res);
}
