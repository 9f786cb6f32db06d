import { LANGUAGE_LOCALE, translator } from '@app/shipping/i18n';
import type { RenderTrackingPage, TrackingPageHtml, TrackingPageModel } from '../shared/api';
import { brandStyle } from './brand';
import { pageTitle, trackingPageBody } from './tracking-page';

/** The page for a model as of `now` (relative times, time left to answer): the tests' fixed clock. */
export function renderTrackingPageAt(model: TrackingPageModel, now: Date): TrackingPageHtml {
  const tr = translator(model.language);
  return {
    lang: LANGUAGE_LOCALE[model.language],
    title: pageTitle(model, tr),
    head: brandStyle(model.branding),
    body: trackingPageBody(model, now, tr).value,
  };
}

/**
 * The SSR entry (`vite build --ssr`, loaded by the API from dist-ssr/): string templates with one
 * escape (html.ts), no React on the server for this page (issue 26: React's render was 12-14% of a
 * page's CPU); the markup is the one the React components made (tracking-page.render.test.ts).
 */
export const renderTrackingPage: RenderTrackingPage = (model) => renderTrackingPageAt(model, new Date());
