import { LANGUAGE_NAME, LANGUAGES, type Language, type Translator } from '@app/shipping/i18n';
import { Mail, Phone } from 'lucide-react';
import type { ReactNode } from 'react';
import type { TrackingPageModel } from '../shared/api';
import { monogram } from './brand';

type Branding = TrackingPageModel['branding'];

/** The language switch: a plain link per language (works without JavaScript), each named in its own script. */
function LanguageSwitch({ tr, languageHref }: { tr: Translator; languageHref: Record<Language, string> }) {
  return (
    <nav className="lang-switch" aria-label={tr.t('lang.label')}>
      {LANGUAGES.map((l) =>
        l === tr.language ? (
          <span key={l} lang={l} aria-current="true">
            {LANGUAGE_NAME[l]}
          </span>
        ) : (
          <a key={l} lang={l} hrefLang={l} href={languageHref[l]}>
            {LANGUAGE_NAME[l]}
          </a>
        ),
      )}
    </nav>
  );
}

/** The store's header (logo or monogram, name, link to the shop, the language switch) and its support contacts. */
export function PageShell({
  branding,
  tr,
  languageHref,
  children,
}: {
  branding: Branding;
  tr: Translator;
  languageHref: Record<Language, string>;
  children: ReactNode;
}) {
  const name = (
    <>
      {branding.logoUrl ? (
        <img className="logo-img" src={branding.logoUrl} alt="" width={32} height={32} />
      ) : (
        <span className="logo" aria-hidden="true">
          {monogram(branding.storeName)}
        </span>
      )}
      <span className="topbar-title">{branding.storeName}</span>
    </>
  );
  const hasSupport = Boolean(branding.supportPhone ?? branding.supportEmail);
  return (
    <div className="page">
      <header className="topbar">
        {branding.storeUrl ? (
          <a className="brand" href={branding.storeUrl} rel="noreferrer noopener">
            {name}
          </a>
        ) : (
          <span className="brand">{name}</span>
        )}
        <LanguageSwitch tr={tr} languageHref={languageHref} />
      </header>
      <main className="content" id="content">
        {children}
      </main>
      {hasSupport && (
        <footer className="support" aria-label={tr.t('track.support')}>
          <p className="support-title">{tr.t('track.supportTitle')}</p>
          <p className="support-links">
            {branding.supportPhone && (
              <a href={`tel:${branding.supportPhone.replace(/[^\d+]/g, '')}`}>
                <Phone size={15} aria-hidden="true" /> {branding.supportPhone}
              </a>
            )}
            {branding.supportEmail && (
              <a href={`mailto:${branding.supportEmail}`}>
                <Mail size={15} aria-hidden="true" /> {branding.supportEmail}
              </a>
            )}
          </p>
        </footer>
      )}
    </div>
  );
}
