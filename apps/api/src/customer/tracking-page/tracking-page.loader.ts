import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../../platform/core/logger';
import type { RenderTrackingPage, TrackingPageModel } from './tracking-page.model';

/** Where the built page lives, beside the web's client build (never inside it: dist is served as is). */
export function trackingPageBundlePath(webDist: string): string {
  return resolve(webDist, '../dist-ssr/tracking-page.js');
}

export interface TrackingPage {
  /** The whole document, and the hashes of its inline `<style>`s for the CSP. */
  compose(model: TrackingPageModel): { html: string; styleHashes: string[] };
  /** A hash of the shell and the renderer's bundle: a new build is a new answer (part of the page's ETag). */
  version?: string;
}

const PLACEHOLDERS = ['<!--ssr-title-->', '<!--ssr-head-->', '<!--ssr-body-->'] as const;

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Joins the built HTML shell (Vite's tracking.html: hashed CSS and script links) with a renderer.
 * The shell is split once at its placeholders, so a request costs one render and a join.
 */
export function createTrackingPage(
  template: string,
  render: RenderTrackingPage,
  bundle: string = render.toString(),
): TrackingPage {
  const parts: string[] = [];
  let rest = template;
  for (const placeholder of PLACEHOLDERS) {
    const at = rest.indexOf(placeholder);
    if (at < 0) throw new Error(`the tracking page shell has no ${placeholder}`);
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + placeholder.length);
  }
  parts.push(rest);
  const [shellStart = '', beforeHead = '', beforeBody = '', end = ''] = parts;
  // The shell's `<html lang="...">` is the page's language: split there once, filled per request
  // (a shell with no <html> tag at all, as some tests use, is left as it is).
  const htmlTag = /<html(?:\s+lang="[^"]*")?/.exec(shellStart);
  const beforeLang = htmlTag ? shellStart.slice(0, htmlTag.index) : shellStart;
  const beforeTitle = htmlTag ? shellStart.slice(htmlTag.index + htmlTag[0].length) : '';
  const shellHashes = styleHashesOf(template);
  // The head is the brand colour's <style>, the same for every page until the branding changes:
  // hashed once per distinct head, not per request (a few, never many: one per saved colour).
  const headHashes = new Map<string, string[]>();
  const hashesOf = (head: string): string[] => {
    let hashes = headHashes.get(head);
    if (!hashes) {
      if (headHashes.size >= 16) headHashes.clear();
      hashes = [...shellHashes, ...styleHashesOf(head)];
      headHashes.set(head, hashes);
    }
    return hashes;
  };
  return {
    version: createHash('sha256').update(template).update('\n').update(bundle).digest('base64url').slice(0, 16),
    compose(model) {
      const page = render(model);
      const head = htmlTag ? `${beforeLang}<html lang="${escapeText(page.lang)}"${beforeTitle}` : beforeLang;
      return {
        html: head + escapeText(page.title) + beforeHead + page.head + beforeBody + page.body + end,
        styleHashes: hashesOf(page.head),
      };
    },
  };
}

/** CSP hashes of every inline `<style>` (the only inline content the page may have). */
function styleHashesOf(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
}

/**
 * Puts the page's stylesheet inside the HTML: the CSS (about 2.5 KB compressed) blocks the first
 * paint, and on a phone's first visit from a message a second request costs more than the bytes.
 */
export function inlineStylesheets(shell: string, readAsset: (path: string) => string | undefined): string {
  return shell.replace(/<link rel="stylesheet"[^>]*href="(\/assets\/[\w.-]+\.css)"[^>]*>/g, (tag, href: string) => {
    const css = readAsset(href);
    return css === undefined || css.includes('</style') ? tag : `<style>${css}</style>`;
  });
}

function isRenderer(value: unknown): value is RenderTrackingPage {
  return typeof value === 'function';
}

/**
 * Loads the web's server bundle and shell from `webDist` (run time, not a source import: the web
 * already depends on the API's types, so a source dependency back would be a circle). Undefined,
 * with a warning, when the web app has not been built with its SSR bundle.
 */
export async function loadTrackingPage(webDist: string, logger: Logger): Promise<TrackingPage | undefined> {
  const shell = join(webDist, 'tracking.html');
  const bundle = trackingPageBundlePath(webDist);
  if (!existsSync(shell) || !existsSync(bundle)) {
    logger.warn(
      { shell: existsSync(shell), bundle: existsSync(bundle) },
      'the tracking page is not built (npm run build -w @app/web): /order-tracking answers 503',
    );
    return undefined;
  }
  const mod = (await import(pathToFileURL(bundle).href)) as { renderTrackingPage?: unknown };
  if (!isRenderer(mod.renderTrackingPage)) throw new Error(`${bundle} does not export renderTrackingPage`);
  const template = inlineStylesheets(readFileSync(shell, 'utf8'), (href) => {
    const file = join(webDist, href);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  });
  return createTrackingPage(template, mod.renderTrackingPage, readFileSync(bundle, 'utf8'));
}
