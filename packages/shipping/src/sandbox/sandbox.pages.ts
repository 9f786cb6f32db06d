// What iCarry's server answers besides JSON: its quirks (PHP notices, firewall pages, the expired
// token text), and the small helpers the sandbox server formats answers with.
import { escapeHtml } from './sandbox.http';

export const TOKEN_ERROR =
  'Warning: You do not have permission to access the API! (api_token is expired or invalid, please login again)';

export const PHP_NOTICE =
  '<br />\n<b>Notice</b>:  Undefined index: channel_id in <b>/home/icarry/public_html/catalog/controller/api/shipment.php</b> on line <b>214</b><br />\n' +
  '<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent in <b>/home/icarry/public_html/system/framework.php</b> on line <b>102</b><br />\n';

export const NOT_FOUND_PAGE =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>The page you requested cannot be found!</h1></body></html>';

export function firewallPage(style: 'imunify360' | 'cloudflare'): string {
  if (style === 'cloudflare') {
    return (
      '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="360"><style>body{font-family:system-ui}</style></head>' +
      '<body><div class="main-wrapper" role="main"><h1>www.icarry.in</h1><p>Checking if the site connection is secure</p><noscript>Enable JavaScript and cookies to continue</noscript>' +
      '<script>(function(){window._cf_chl_opt={cvId:"3",cType:"managed"};}());</script></div></body></html>'
    );
  }
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Captcha</title><style>body{background:#f5f5f5}</style></head><body>' +
    '<h1>Access denied by Imunify360 bot-protection.</h1><p>IPs used for automation should be whitelisted.</p>' +
    '<p>If you are a site owner, please contact your hosting provider.</p><script>var i360_captcha={};</script></body></html>'
  );
}

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = /^(key|api_token|token|password)$/i.test(key) ? '***' : maskSecrets(item, depth + 1);
  }
  return out;
}

/** A barcode-like picture for the `data` label shape: a placeholder, not a scannable code. */
export function barcodeSvg(awb: string): string {
  const bars = Array.from({ length: awb.length }, (_, index) => awb.charCodeAt(index))
    .map((code, index) => {
      const width = 1 + (code % 3);
      return `<rect x="${10 + index * 8}" y="5" width="${width}" height="40"/>`;
    })
    .join('');
  const width = 20 + awb.length * 8;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="62" viewBox="0 0 ${width} 62">${bars}` +
    `<text x="10" y="58" font-family="monospace" font-size="10">${escapeHtml(awb)} (sandbox)</text></svg>`
  );
}
