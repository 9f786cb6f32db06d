import { LANGUAGE_LOCALE, translator } from '@app/shipping/i18n';
import { renderToStaticMarkup } from 'react-dom/server';
import type { RenderTrackingPage } from '../shared/api';
import { brandStyle } from './brand';
import { pageTitle, TrackingPage } from './tracking-page';

/**
 * The SSR entry (`vite build --ssr`, loaded by the API from dist-ssr/): the tracking views stay React
 * components, rendered to static markup in the page's language; no React reaches the browser.
 */
export const renderTrackingPage: RenderTrackingPage = (model) => {
  const tr = translator(model.language);
  return {
    lang: LANGUAGE_LOCALE[model.language],
    title: pageTitle(model, tr),
    head: brandStyle(model.branding),
    body: renderToStaticMarkup(<TrackingPage model={model} now={new Date()} tr={tr} />),
  };
};
