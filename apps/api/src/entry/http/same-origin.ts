import type { Request } from 'express';

/**
 * Whether a request comes from our own pages: no Origin (a same-origin GET, curl), our public URL's
 * origin, or the Host it was sent to. A cross-site form or fetch carries its own Origin.
 */
export function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const host = req.headers.host;
  return (
    origin === new URL(publicUrl).origin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
  );
}
