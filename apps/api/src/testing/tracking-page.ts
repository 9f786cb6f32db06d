import { createTrackingPage, type TrackingPage } from '../customer/tracking-page/tracking-page.loader';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A stand-in for the web's SSR bundle, for API tests that run without a web build: the model as
 * escaped JSON. The real renderer is tested in apps/web (plain HTTP and browser tests).
 */
export function plainTrackingPage(): TrackingPage {
  return createTrackingPage(
    '<!doctype html><html lang="en"><title><!--ssr-title--></title><!--ssr-head--><body><!--ssr-body--></body>',
    (model) => ({
      lang: model.language,
      title: model.kind,
      head: '',
      body: `<main><pre>${escape(JSON.stringify(model))}</pre></main>`,
    }),
  );
}
