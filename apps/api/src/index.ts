/** The API's public surface for other workspaces: the router's type only (the web app imports nothing else). */
export type { AppRouter } from './entry/router/index';
/** The server-rendered tracking page's contract (types only), implemented by apps/web's SSR entry. */
export type {
  TrackingPageModel,
  TrackingPageHtml,
  RenderTrackingPage,
  TrackingView,
  NdrFormState,
} from './customer/tracking-page/tracking-page.model';
