import { ICarryValidationError } from './icarry.errors';
import type { ICarryLogger } from './icarry.logger';

export const ICARRY_DEFAULT_BASE_URL = 'https://www.icarry.in';

/**
 * Turns a configured base URL into the one to call. The legacy value `https://icarry.in/api_v3`
 * (and any `/api_v3` path or the bare icarry.in host) is not an iCarry endpoint: it is replaced
 * by https://www.icarry.in with a `[iCarry]` warning, because a redirect from the bare host could
 * turn our POSTs into GETs and drop their bodies. Other hosts (the sandbox, a proxy) are kept,
 * minus any trailing slash. Throws ICarryValidationError for something that is not a URL.
 */
export function resolveICarryBaseUrl(raw: string | null | undefined, logger?: ICarryLogger): string {
  const text = (raw ?? '').trim();
  if (text === '') return ICARRY_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ICarryValidationError(`iCarry base URL "${text.slice(0, 100)}" is not a valid URL`, { field: 'baseUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ICarryValidationError(`iCarry base URL must be http(s), got ${url.protocol}`, { field: 'baseUrl' });
  }
  const host = url.hostname.toLowerCase();
  const isICarryHost = host === 'icarry.in' || host === 'www.icarry.in';
  const path = url.pathname.replace(/\/+$/, '');
  if (isICarryHost) {
    if (host !== 'www.icarry.in' || path !== '' || url.protocol !== 'https:' || /\/api_v3/i.test(path)) {
      logger?.warn(
        { configured: redactForLog(url), using: ICARRY_DEFAULT_BASE_URL },
        `[iCarry] base URL ${redactForLog(url)} is not iCarry's API host; using ${ICARRY_DEFAULT_BASE_URL}`,
      );
    }
    return ICARRY_DEFAULT_BASE_URL;
  }
  if (/\/api_v3(\/|$)/i.test(path)) {
    logger?.warn(
      { configured: redactForLog(url), using: url.origin },
      `[iCarry] base URL path /api_v3 is not part of iCarry's API; using ${url.origin}`,
    );
    return url.origin;
  }
  return `${url.origin}${path}`;
}

function redactForLog(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
