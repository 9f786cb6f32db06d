import type { Language } from '@app/shipping/i18n';
import type { z } from 'zod';
import type { Branding } from '../../platform/branding/branding.service';
import type { trackingGetOutput } from '../tracking/tracking.schema';

/**
 * The contract between the API and the web's server-rendered tracking page (apps/web, built with
 * `vite build --ssr` and loaded from its dist at run time). The web implements `RenderTrackingPage`
 * against these types, so a changed view fails the type check on both sides; nothing else crosses.
 */

/** `tracking.get`'s unlocked view, as the service returns it (Dates, not strings). */
export type TrackingView = Extract<z.infer<typeof trackingGetOutput>, { state: 'ok' }>;

export type TrackingPageBranding = Branding;

/** What the customer typed into the NDR form, and what was wrong with it, when it comes back. */
export interface NdrFormState {
  values: Partial<
    Record<'action' | 'preferredDate' | 'landmark' | 'addressLine' | 'alternatePhone' | 'message', string>
  >;
  fieldErrors: Partial<Record<string, string>>;
  /** A message for the whole form (the API's words). */
  error: string | null;
}

/** What every kind of page carries about its language. */
export interface TrackingPageLanguage {
  /** The language the page is written in (`?lang=`, else the customer's own, else English). */
  language: Language;
  /** The same page in each language (the switch's plain links; no script needed). */
  languageHref: Record<Language, string>;
}

export type TrackingPageModel = TrackingPageLanguage &
  (
    | { kind: 'find'; branding: TrackingPageBranding }
    | {
        kind: 'locked';
        branding: TrackingPageBranding;
        orderNumber: string;
        /** Why the page is locked again (a link that did not work, wrong digits, too many tries). */
        notice: string | null;
      }
    | {
        kind: 'order';
        branding: TrackingPageBranding;
        view: TrackingView;
        /** The token the page's links and forms carry (the link's own, or a renewed access token). */
        token: string;
        /** GET this to refresh the page (the script swaps it in; a link without JavaScript). */
        refreshUrl: string;
        ndrForm: NdrFormState | null;
        /** Set after the NDR form was answered (Post/Redirect/Get). */
        flash: 'ndr_answered' | null;
      }
  );

export interface TrackingPageHtml {
  /** The document's `<html lang>` (a BCP 47 tag: "en-IN", "hi-IN"). */
  lang: string;
  /** The `<title>`: the store's name and the order number. */
  title: string;
  /** Markup for the end of `<head>` (the brand colour as a `<style>`; it is hashed into the CSP). */
  head: string;
  /** Markup for inside `<body>`. */
  body: string;
}

export type RenderTrackingPage = (model: TrackingPageModel) => TrackingPageHtml;
