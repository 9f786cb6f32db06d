/**
 * Logger shape the client needs: a subset of pino's, so a pino logger (or a child) can be passed
 * as is. Messages carry the `[iCarry]` tag so operators can grep one integration's lines.
 */
export interface ICarryLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export const silentLogger: ICarryLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** Replaces the api_token query value (both `?api_token=` and `&api_token=` forms) for logging. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]api_token=)[^&#]*/gi, '$1[redacted]');
}

/**
 * Removes secrets from a body text before it is kept on an error or logged: api_token values in
 * JSON or form encoding, and the literal values given (key, token) wherever they appear.
 */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text
    .replace(/("api_token"\s*:\s*")[^"]*(")/gi, '$1[redacted]$2')
    .replace(/(api_token=)[^&\s"]*/gi, '$1[redacted]')
    .replace(/("(?:key|token)"\s*:\s*")[^"]*(")/gi, '$1[redacted]$2');
  for (const secret of secrets) {
    if (secret !== null && secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
