// `api_login`: the account's username and API key for a session token.
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

export function loginEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const username = text(body.username);
  const key = text(body.key ?? body.Key);
  if (username !== ctx.config.username || key !== ctx.config.apiKey) {
    // Stock OpenCart's answer shape: an object, not a string.
    return ok({ error: { key: 'Warning: Incorrect API Key!' } });
  }
  return ok({ success: 'Success: API session successfully started!', api_token: ctx.state.issueToken() });
}
