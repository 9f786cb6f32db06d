import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import type { RouterInputs, RouterOutputs } from '../../shared/api';
import { errorInfo, fieldError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Callout, ErrorCallout } from '../ui/callout';
import { FieldError } from '../ui/field-error';
import { Spinner } from '../ui/spinner';

type Fields = RouterInputs['settings']['branding']['update'];
type Branding = RouterOutputs['settings']['branding']['get'];

const FIELDS: { key: keyof Fields; label: string; hint: string; type?: string; placeholder?: string }[] = [
  { key: 'storeName', label: 'Store name', hint: 'Heads the tracking page and signs emails and labels.' },
  {
    key: 'logoUrl',
    label: 'Logo URL',
    hint: 'A square image on https (shown at 32 px).',
    type: 'url',
    placeholder: 'https://yourstore.in/logo.png',
  },
  {
    key: 'brandColor',
    label: 'Brand colour',
    hint: 'Buttons and highlights; white text must stay readable on it.',
    placeholder: '#1d4ed8',
  },
  { key: 'supportPhone', label: 'Support phone', hint: 'Shown to customers who need help.', type: 'tel' },
  { key: 'supportEmail', label: 'Support email', hint: 'Shown to customers who need help.', type: 'email' },
  { key: 'storeUrl', label: 'Store website', hint: 'The store name links here.', type: 'url' },
];

function toForm(saved: Branding['saved']): Fields {
  return {
    storeName: saved.storeName ?? '',
    logoUrl: saved.logoUrl ?? '',
    brandColor: saved.brandColor ?? '',
    supportPhone: saved.supportPhone ?? '',
    supportEmail: saved.supportEmail ?? '',
    storeUrl: saved.storeUrl ?? '',
  };
}

/**
 * Settings > Branding: what customers see on the tracking page, in emails and on labels. An empty
 * box falls back to the STORE_* default (shown as the placeholder); the API checks every value.
 */
export function BrandingPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const branding = useQuery(trpc.settings.branding.get.queryOptions());
  const [form, setForm] = useState<Fields | null>(null);
  const id = useId();
  const save = useMutation(
    trpc.settings.branding.update.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.settings.branding.get.queryKey(), data);
        setForm(toForm(data.saved));
      },
    }),
  );
  useEffect(() => {
    if (branding.data && form === null) setForm(toForm(branding.data.saved));
  }, [branding.data, form]);

  if (branding.isPending || (branding.data && !form)) return <Spinner label="Loading branding" />;
  if (branding.isError)
    return (
      <ErrorCallout error={branding.error} title="Branding could not load" onRetry={() => void branding.refetch()} />
    );
  if (!form) return null;
  const data = save.data ?? branding.data;
  const info = save.error ? errorInfo(save.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(form);
  };
  const effective = data.effective;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Branding</h1>
          <p className="muted">
            Your store’s name, logo, colour and support contacts on the tracking page, emails and labels.
          </p>
        </div>
      </div>
      <div className="setup-grid">
        <form className="section" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
          <h2 className="section-title" id={`${id}-title`}>
            Store details
          </h2>
          {save.isSuccess && (
            <Callout tone="success" title="Branding saved">
              <p>Customers see it from their next page load or message.</p>
            </Callout>
          )}
          {info && Object.keys(info.fieldErrors).length === 0 && (
            <p className="form-error" role="alert">
              {info.message}
            </p>
          )}
          {FIELDS.map((field) => {
            const error = fieldError(info, field.key);
            const fallback = data.defaults[field.key];
            return (
              <div className="field" key={field.key}>
                <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
                <input
                  id={`${id}-${field.key}`}
                  type={field.type ?? 'text'}
                  value={form[field.key]}
                  placeholder={fallback ?? field.placeholder ?? ''}
                  onChange={(e) => setForm({ ...form, [field.key]: e.target.value })}
                  aria-invalid={error ? true : undefined}
                />
                <FieldError message={error} />
                <p className="muted">
                  {field.hint}
                  {fallback ? ` Empty: ${fallback} (from the environment).` : ''}
                </p>
              </div>
            );
          })}
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? (
              <>
                <Spinner /> Saving…
              </>
            ) : (
              'Save branding'
            )}
          </button>
          {data.updatedAt && <p className="muted setup-note">Last saved {formatDateTime(data.updatedAt)}.</p>}
        </form>
        <section className="section" aria-labelledby={`${id}-preview`}>
          <h2 className="section-title" id={`${id}-preview`}>
            What customers see
          </h2>
          <div className="brand-preview">
            <div className="brand-preview-bar">
              {effective.logoUrl ? (
                <img src={effective.logoUrl} alt="" width={28} height={28} />
              ) : (
                <span className="brand-preview-mark" style={{ background: effective.brandColor }}>
                  {effective.storeName.charAt(0).toUpperCase()}
                </span>
              )}
              <strong>{effective.storeName}</strong>
            </div>
            <p className="muted">
              Colour <code>{effective.brandColor}</code>
              {effective.supportPhone && ` · ${effective.supportPhone}`}
              {effective.supportEmail && ` · ${effective.supportEmail}`}
            </p>
          </div>
        </section>
      </div>
    </div>
  );
}
