import { Mail, Phone } from 'lucide-react';
import type { ReactNode } from 'react';
import type { TrackingPageModel } from '../shared/api';
import { monogram } from './brand';

type Branding = TrackingPageModel['branding'];

/** The store's header (logo or monogram, name, link to the shop) and its support contacts. */
export function PageShell({ branding, children }: { branding: Branding; children: ReactNode }) {
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
      </header>
      <main className="content" id="content">
        {children}
      </main>
      {hasSupport && (
        <footer className="support" aria-label="Support">
          <p className="support-title">Need help with your order?</p>
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
