import { renderToStaticMarkup } from 'react-dom/server';
import type { RenderTrackingPage } from '../shared/api';
import { brandStyle } from './brand';
import { pageTitle, TrackingPage } from './tracking-page';

/**
 * The SSR entry (`vite build --ssr`, loaded by the API from dist-ssr/): the tracking views stay React
 * components, rendered to static markup; no React reaches the browser.
 */
export const renderTrackingPage: RenderTrackingPage = (model) => ({
  title: pageTitle(model),
  head: brandStyle(model.branding),
  body: renderToStaticMarkup(<TrackingPage model={model} now={new Date()} />),
});
