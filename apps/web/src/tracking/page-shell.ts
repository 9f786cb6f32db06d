import { LANGUAGE_NAME, LANGUAGES, type Language, type Translator } from '@app/shipping/i18n';
import type { TrackingPageModel } from '../shared/api';
import { monogram } from './brand';
import { markup, type Html } from './html';
import { ICONS } from './icons';

type Branding = TrackingPageModel['branding'];

/** The language switch: a plain link per language (works without JavaScript), each named in its own script. */
function languageSwitch(tr: Translator, languageHref: Record<Language, string>): Html {
  return markup`<nav class="lang-switch" aria-label="${tr.t('lang.label')}">${LANGUAGES.map((l) =>
    l === tr.language
      ? markup`<span lang="${l}" aria-current="true">${LANGUAGE_NAME[l]}</span>`
      : markup`<a lang="${l}" hrefLang="${l}" href="${languageHref[l]}">${LANGUAGE_NAME[l]}</a>`,
  )}</nav>`;
}

/** A logo that is not a data: URL is preloaded ahead of the page (as React's renderer did for an <img>). */
function isDataUrl(src: string): boolean {
  return src.length > 4 && src[4] === ':' && src.slice(0, 4).toLowerCase() === 'data';
}

/** The store's header (logo or monogram, name, link to the shop, the language switch) and its support contacts. */
export function pageShell(
  branding: Branding,
  tr: Translator,
  languageHref: Record<Language, string>,
  content: Html,
): Html {
  const name = markup`${
    branding.logoUrl
      ? markup`<img class="logo-img" src="${branding.logoUrl}" alt="" width="32" height="32"/>`
      : markup`<span class="logo" aria-hidden="true">${monogram(branding.storeName)}</span>`
  }<span class="topbar-title">${branding.storeName}</span>`;
  const hasSupport = Boolean(branding.supportPhone ?? branding.supportEmail);
  const preload =
    branding.logoUrl && !isDataUrl(branding.logoUrl)
      ? markup`<link rel="preload" as="image" href="${branding.logoUrl}"/>`
      : null;
  return markup`${preload}<div class="page"><header class="topbar">${
    branding.storeUrl
      ? markup`<a class="brand" href="${branding.storeUrl}" rel="noreferrer noopener">${name}</a>`
      : markup`<span class="brand">${name}</span>`
  }${languageSwitch(tr, languageHref)}</header><main class="content" id="content">${content}</main>${
    hasSupport &&
    markup`<footer class="support" aria-label="${tr.t('track.support')}"><p class="support-title">${tr.t('track.supportTitle')}</p><p class="support-links">${
      branding.supportPhone &&
      markup`<a href="${`tel:${branding.supportPhone.replace(/[^\d+]/g, '')}`}">${ICONS.phone15} ${branding.supportPhone}</a>`
    }${
      branding.supportEmail &&
      markup`<a href="${`mailto:${branding.supportEmail}`}">${ICONS.mail15} ${branding.supportEmail}</a>`
    }</p></footer>`
  }</div>`;
}
